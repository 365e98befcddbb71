"""Derive the shipped commune and département outlines from gregoiredavid/france-geojson.

Usage: python derive.py /path/to/france-geojson 60 80

Reads `departements/<code>-<slug>/communes-<code>-<slug>.geojson` and `departement-...geojson`
and writes `<code>.geojson` here: one FeatureCollection whose features carry only `kind`
(`commune` or `departement`), `code` (INSEE) and `name`, coordinates rounded to 4 decimals
(about 10 m, plenty for finding a report's commune) with the points that rounding makes
repeated dropped. See SOURCE.md.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ring(ring):
    out = []
    for lon, lat in ring:
        point = [round(lon, 4), round(lat, 4)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _geometry(geometry):
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    else:
        polygons = geometry["coordinates"]
    polygons = [[_ring(ring) for ring in polygon] for polygon in polygons]
    polygons = [polygon for polygon in polygons if len(polygon[0]) >= 4]
    return {"type": "MultiPolygon", "coordinates": polygons}


def derive(source: Path, code: str) -> None:
    (folder,) = (source / "departements").glob(f"{code}-*")
    features = []
    for kind, pattern in (
        ("departement", "departement-*.geojson"),
        ("commune", "communes-*.geojson"),
    ):
        (path,) = folder.glob(pattern)
        data = json.loads(path.read_text())
        for feature in data.get("features", [data]):
            props = feature["properties"]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": kind, "code": props["code"], "name": props["nom"]},
                    "geometry": _geometry(feature["geometry"]),
                }
            )
    collection = {"type": "FeatureCollection", "features": features}
    (HERE / f"{code}.geojson").write_text(json.dumps(collection, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    for departement in sys.argv[2:]:
        derive(Path(sys.argv[1]), departement)
