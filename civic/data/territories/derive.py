#!/usr/bin/env python
"""Derive the territory CSV files shipped with Parvis from @etalab/decoupage-administratif.

Usage: python civic/data/territories/derive.py /path/to/package

`/path/to/package` is the unpacked npm package (the directory holding `data/communes.json`):

    npm pack @etalab/decoupage-administratif@6.0.0
    tar xzf etalab-decoupage-administratif-6.0.0.tgz   # gives ./package

The CSV files are written next to this script, sorted by code, UTF-8, "\\n" line endings, so that a
new release of the package gives a readable diff. Standard library only: it runs without Django.
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

OUTPUT_DIR = Path(__file__).resolve().parent

REGION_FIELDS = ["code", "name", "tncc", "population"]
DEPARTEMENT_FIELDS = ["code", "name", "tncc", "region", "population"]
EPCI_FIELDS = ["code", "name", "population"]
COMMUNE_FIELDS = [
    "code",
    "name",
    "tncc",
    "departement",
    "region",
    "epci",
    "population",
    "postal_codes",
]


def tncc(entry):
    """COG "type de nom en clair" (0-8, how the name takes "de"), "" when the package has none."""
    value = entry.get("typeLiaison")
    return "" if value is None else str(value)


def read_json(package_dir, name):
    with (package_dir / "data" / name).open(encoding="utf-8") as f:
        return json.load(f)


def write_csv(name, fields, rows):
    rows = sorted(rows, key=lambda row: row["code"])
    with (OUTPUT_DIR / name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def derive(package_dir):
    package_dir = Path(package_dir)
    regions = read_json(package_dir, "regions.json")
    departements = read_json(package_dir, "departements.json")
    epcis = read_json(package_dir, "epci.json")
    communes = [
        c for c in read_json(package_dir, "communes.json") if c["type"] == "commune-actuelle"
    ]

    epci_of = {}
    for epci in epcis:
        for member in epci["membres"]:
            if member["code"] in epci_of:
                raise ValueError(f"Commune {member['code']} belongs to two EPCI.")
            epci_of[member["code"]] = epci["code"]

    region_codes = {r["code"] for r in regions}
    region_of_departement = {d["code"]: d["region"] for d in departements}
    commune_codes = {c["code"] for c in communes}
    if missing := set(epci_of) - commune_codes:
        raise ValueError(f"EPCI members that are not current communes: {sorted(missing)}")
    if missing := set(region_of_departement.values()) - region_codes:
        raise ValueError(f"Départements in unknown régions: {sorted(missing)}")

    population_of_departement = defaultdict(int)
    population_of_region = defaultdict(int)
    commune_rows = []
    for commune in communes:
        departement, region = commune["departement"], commune["region"]
        if region_of_departement.get(departement) != region:
            raise ValueError(f"Commune {commune['code']}: région and département disagree.")
        population = commune.get("population") or 0
        population_of_departement[departement] += population
        population_of_region[region] += population
        commune_rows.append(
            {
                "code": commune["code"],
                "name": commune["nom"],
                "tncc": tncc(commune),
                "departement": departement,
                "region": region,
                "epci": epci_of.get(commune["code"], ""),
                "population": population,
                "postal_codes": " ".join(sorted(set(commune.get("codesPostaux") or []))),
            }
        )

    write_csv(
        "regions.csv",
        REGION_FIELDS,
        [
            {
                "code": r["code"],
                "name": r["nom"],
                "tncc": tncc(r),
                "population": population_of_region[r["code"]],
            }
            for r in regions
        ],
    )
    write_csv(
        "departements.csv",
        DEPARTEMENT_FIELDS,
        [
            {
                "code": d["code"],
                "name": d["nom"],
                "tncc": tncc(d),
                "region": d["region"],
                "population": population_of_departement[d["code"]],
            }
            for d in departements
        ],
    )
    write_csv(
        "epcis.csv",
        EPCI_FIELDS,
        [
            {"code": e["code"], "name": e["nom"], "population": e.get("populationTotale") or 0}
            for e in epcis
        ],
    )
    write_csv("communes.csv", COMMUNE_FIELDS, commune_rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    derive(sys.argv[1])
