"""Loading the territories of France into `Territory` and its closure table `TerritoryLink`.

The data are the CSV files of `civic/data/territories/` (see SOURCE.md there). A load upserts the
selected régions, départements, EPCI and communes, then brings the closure rows of every loaded
territory in line with the data. Containment is always computed from the full files, never from
what happens to be loaded, so a partial load (one département) never produces a wrong link: a
link is inserted as soon as both of its ends are loaded, whichever load brought them.

Quartiers are created by staff (`create_quartier`), never by a load: a load keeps them and keeps
their links in line with their commune's.
"""

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.common.text import normalize
from civic.signals import announce_content_changed
from civic.territories.models import Territory, TerritoryLink, slugify_name, territory_slug

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "territories"

Kind = Territory.Kind
# Loaded kinds, parents first; rank gives the depth of a closure row (rank(desc) - rank(anc)).
LOADED_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE)
RANK = {Kind.REGION: 0, Kind.DEPARTEMENT: 1, Kind.EPCI: 2, Kind.COMMUNE: 3, Kind.QUARTIER: 4}

T = TypeVar("T")

BATCH_SIZE = 2000
COMMUNE_PROGRESS_STEP = 5000
# A quartier's code is "<commune code>-<slugified name>": keep it within Territory.code.
QUARTIER_NAME_SLUG_LENGTH = 100

# Compared between the data and the database to tell an update from an unchanged row.
TRACKED_FIELDS = (
    "name",
    "slug",
    "search_name",
    "tncc",
    "population",
    "postal_codes",
    "parent_id",
)


class UnknownTerritoryCode(ValueError):
    """A requested département or région code is not in the data (message in French)."""


# --- Data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    tncc: str = ""  # COG "type de nom en clair"; EPCI have none (no column in epcis.csv)
    population: int = 0
    postal_codes: str = ""
    departement: str = ""
    region: str = ""
    epci: str = ""


@dataclass
class TerritoryData:
    """The four CSV files, keyed by code, with the containment derived from them."""

    regions: dict[str, Row]
    departements: dict[str, Row]
    epcis: dict[str, Row]
    communes: dict[str, Row]
    # EPCI code -> codes of the départements / régions of its member communes.
    epci_departements: dict[str, set[str]] = field(init=False)
    epci_regions: dict[str, set[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.epci_departements = defaultdict(set)
        self.epci_regions = defaultdict(set)
        for commune in self.communes.values():
            if commune.epci:
                self.epci_departements[commune.epci].add(commune.departement)
                self.epci_regions[commune.epci].add(commune.region)

    def rows(self, kind: Kind) -> dict[str, Row]:
        return {
            Kind.REGION: self.regions,
            Kind.DEPARTEMENT: self.departements,
            Kind.EPCI: self.epcis,
            Kind.COMMUNE: self.communes,
        }[kind]

    def epci_departement(self, code: str) -> str | None:
        """The only département holding every member of the EPCI, or None."""
        departements = self.epci_departements.get(code, set())
        return next(iter(departements)) if len(departements) == 1 else None

    def epci_region(self, code: str) -> str | None:
        """The only région holding every member of the EPCI, or None."""
        regions = self.epci_regions.get(code, set())
        return next(iter(regions)) if len(regions) == 1 else None


def _read_csv(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            record["population"] = int(record.get("population") or 0)
            yield Row(**record)  # type: ignore[arg-type]


def read_territory_data(directory: str | Path = DATA_DIR) -> TerritoryData:
    directory = Path(directory)
    return TerritoryData(
        **{
            name: {row.code: row for row in _read_csv(directory / f"{name}.csv")}
            for name in ("regions", "departements", "epcis", "communes")
        }
    )


def _clean_code(code: object) -> str:
    code = str(code).strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def select_codes(
    data: TerritoryData,
    *,
    departements: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
    everything: bool = False,
) -> dict[Kind, set[str]]:
    """Codes to load per kind: the départements and régions asked for, with their communes, the
    régions of the départements, and every EPCI with at least one member commune among them."""
    if everything:
        return {kind: set(data.rows(kind)) for kind in LOADED_KINDS}
    departement_codes: set[str] = set()
    for raw in regions or ():
        code = _clean_code(raw)
        if code not in data.regions:
            raise UnknownTerritoryCode(
                _(
                    "Aucune région n'a le code « %(code)s » "
                    "(exemples : 32 Hauts-de-France, 11 Île-de-France)."
                )
                % {"code": raw}
            )
        departement_codes |= {d.code for d in data.departements.values() if d.region == code}
    for raw in departements or ():
        code = _clean_code(raw)
        if code not in data.departements:
            raise UnknownTerritoryCode(
                _(
                    "Aucun département n'a le code « %(code)s » "
                    "(exemples : 60 Oise, 2A Corse-du-Sud)."
                )
                % {"code": raw}
            )
        departement_codes.add(code)
    if not departement_codes:
        raise ValueError("Nothing to load: give départements, régions or everything=True.")
    communes = {c.code for c in data.communes.values() if c.departement in departement_codes}
    return {
        Kind.REGION: {data.departements[d].region for d in departement_codes},
        Kind.DEPARTEMENT: departement_codes,
        Kind.EPCI: {data.communes[c].epci for c in communes if data.communes[c].epci},
        Kind.COMMUNE: communes,
    }


# --- Report -----------------------------------------------------------------------------------


@dataclass
class KindReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    kinds: dict[str, KindReport] = field(
        default_factory=lambda: {kind: KindReport() for kind in LOADED_KINDS}
    )
    links_added: int = 0
    links_removed: int = 0

    @property
    def created(self) -> int:
        return sum(k.created for k in self.kinds.values())

    @property
    def updated(self) -> int:
        return sum(k.updated for k in self.kinds.values())

    @property
    def unchanged(self) -> int:
        return sum(k.unchanged for k in self.kinds.values())

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated or self.links_added or self.links_removed)


KIND_PLURALS = {
    Kind.REGION: gettext_lazy("Régions"),
    Kind.DEPARTEMENT: gettext_lazy("Départements"),
    Kind.EPCI: gettext_lazy("Intercommunalités"),
    Kind.COMMUNE: gettext_lazy("Communes"),
}


def format_number(number: int) -> str:
    """34969 → "34 969" (narrow no-break space, French style)."""
    return f"{number:,}".replace(",", "\u202f")


# --- Loading ----------------------------------------------------------------------------------


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_territories(
    *,
    departements: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
    everything: bool = False,
    progress: Callable[[str], None] | None = None,
    data: TerritoryData | None = None,
) -> LoadReport:
    """Load the given départements or régions (or `everything`) and their closure rows.

    Idempotent: loading the same selection twice changes nothing the second time. Raises
    `UnknownTerritoryCode` for a code that is not in the data. `data` defaults to the shipped files.
    """
    data = data or read_territory_data()
    selected = select_codes(data, departements=departements, regions=regions, everything=everything)
    notify = progress or (lambda message: None)
    report = LoadReport()
    with transaction.atomic():
        ids: dict[Kind, dict[str, int]] = {}
        for kind in LOADED_KINDS:
            notify(
                _("%(kind)s : %(count)s à charger…")
                % {"kind": KIND_PLURALS[kind], "count": format_number(len(selected[kind]))}
            )
            ids[kind] = _upsert_kind(kind, data, selected[kind], ids, report.kinds[kind], notify)
        notify(_("Liens d'appartenance…"))
        _sync_links(data, ids, report)
    announce_content_changed(Territory)
    return report


def _parent_code(kind: Kind, row: Row, data: TerritoryData) -> tuple[Kind, str] | None:
    """(kind, code) of the administrative parent of a data row, or None."""
    if kind == Kind.DEPARTEMENT:
        return Kind.REGION, row.region
    if kind == Kind.COMMUNE:
        return Kind.DEPARTEMENT, row.departement
    if kind == Kind.EPCI:
        if departement := data.epci_departement(row.code):
            return Kind.DEPARTEMENT, departement
        if region := data.epci_region(row.code):
            return Kind.REGION, region
    return None


def _upsert_kind(
    kind: Kind,
    data: TerritoryData,
    codes: Iterable[str],
    ids: dict[Kind, dict[str, int]],
    counts: KindReport,
    notify: Callable[[str], None],
) -> dict[str, int]:
    """Create or update the selected rows of one kind; return {code: id} for the whole kind."""
    rows = data.rows(kind)
    existing = {
        code: (pk, values)
        for code, pk, *values in Territory.objects.filter(kind=kind).values_list(
            "code", "pk", *TRACKED_FIELDS
        )
    }
    codes = sorted(codes)
    step = COMMUNE_PROGRESS_STEP if kind == Kind.COMMUNE else len(codes) or 1
    for done, chunk in enumerate(_batches(codes, step), start=1):
        to_create, to_update = [], []
        for code in chunk:
            row = rows[code]
            parent = _parent_code(kind, row, data)
            wanted = (
                row.name,
                territory_slug(row.name, code),
                normalize(row.name),
                row.tncc,
                row.population,
                row.postal_codes,
                ids[parent[0]].get(parent[1]) if parent else None,
            )
            if code not in existing:
                to_create.append(
                    Territory(
                        kind=kind, code=code, **dict(zip(TRACKED_FIELDS, wanted, strict=True))
                    )
                )
            elif tuple(existing[code][1]) != wanted:
                to_update.append((*wanted, existing[code][0]))
            else:
                counts.unchanged += 1
        Territory.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        _update_rows(to_update)
        counts.created += len(to_create)
        counts.updated += len(to_update)
        if kind == Kind.COMMUNE:
            notify(
                _("Communes : %(done)s sur %(total)s…")
                % {
                    "done": format_number(min(done * step, len(codes))),
                    "total": format_number(len(codes)),
                }
            )
    if counts.created:
        return dict(Territory.objects.filter(kind=kind).values_list("code", "pk"))
    return {code: pk for code, (pk, _values) in existing.items()}


def _update_rows(rows: list[tuple[Any, ...]]) -> None:
    """UPDATE the TRACKED_FIELDS of many territories, and their `updated_at` (the agenda's feeds
    show the communes' names): rows are (*values, pk) tuples.

    One statement run with executemany: QuerySet.bulk_update builds a CASE WHEN per field and
    row, far slower when a new release changes every commune's population.
    """
    if not rows:
        return
    meta, quote = Territory._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in (*TRACKED_FIELDS, "updated_at")]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)  # type: ignore[union-attr, arg-type]
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    now = fields[-1].get_db_prep_value(timezone.now(), connection)  # type: ignore[union-attr]
    rows = [(*values, now, pk) for *values, pk in rows]
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH_SIZE):
            cursor.executemany(sql, batch)


def _desired_links(
    data: TerritoryData, ids: dict[Kind, dict[str, int]]
) -> dict[tuple[int, int], int]:
    """{(ancestor id, descendant id): depth} for every loaded data territory and quartier."""
    region_ids, departement_ids = ids[Kind.REGION], ids[Kind.DEPARTEMENT]
    epci_ids, commune_ids = ids[Kind.EPCI], ids[Kind.COMMUNE]
    links: dict[tuple[int, int], int] = {}

    def link(
        ancestor_kind: Kind, ancestor_id: int | None, descendant_kind: Kind, descendant_id: int
    ) -> None:
        if ancestor_id is not None:
            links[ancestor_id, descendant_id] = RANK[descendant_kind] - RANK[ancestor_kind]

    for code, pk in region_ids.items():
        if code in data.regions:
            link(Kind.REGION, pk, Kind.REGION, pk)
    for code, pk in departement_ids.items():
        if row := data.departements.get(code):
            link(Kind.DEPARTEMENT, pk, Kind.DEPARTEMENT, pk)
            link(Kind.REGION, region_ids.get(row.region), Kind.DEPARTEMENT, pk)
    for code, pk in epci_ids.items():
        if code in data.epcis:
            link(Kind.EPCI, pk, Kind.EPCI, pk)
            departement, region = data.epci_departement(code), data.epci_region(code)
            link(Kind.DEPARTEMENT, departement_ids.get(departement), Kind.EPCI, pk)  # type: ignore[arg-type]
            link(Kind.REGION, region_ids.get(region), Kind.EPCI, pk)  # type: ignore[arg-type]
    commune_ancestors: dict[int, dict[int, int]] = {}
    for code, pk in commune_ids.items():
        if row := data.communes.get(code):
            ancestors = {pk: 0}
            for kind, ancestor_id in (
                (Kind.EPCI, epci_ids.get(row.epci)),
                (Kind.DEPARTEMENT, departement_ids.get(row.departement)),
                (Kind.REGION, region_ids.get(row.region)),
            ):
                if ancestor_id is not None:
                    ancestors[ancestor_id] = RANK[Kind.COMMUNE] - RANK[kind]
            commune_ancestors[pk] = ancestors
            for ancestor_id, depth in ancestors.items():
                links[ancestor_id, pk] = depth
    # A quartier sits under its commune and everything the commune is in.
    quartiers = Territory.objects.filter(kind=Kind.QUARTIER).values_list("pk", "parent_id")
    for pk, commune_id in quartiers:
        if commune_id in commune_ancestors:
            links[pk, pk] = 0
            for ancestor_id, depth in commune_ancestors[commune_id].items():
                links[ancestor_id, pk] = depth + 1
    return links


def _sync_links(data: TerritoryData, ids: dict[Kind, dict[str, int]], report: LoadReport) -> None:
    desired = _desired_links(data, ids)
    # Only the links of territories the data describe are managed: a territory that has left
    # the data (a merged commune, say) or a quartier of such a commune keeps its links.
    managed = {descendant for _ancestor, descendant in desired}
    stale: list[int] = []
    existing: set[tuple[int, int]] = set()
    for pk, ancestor_id, descendant_id, depth in TerritoryLink.objects.values_list(
        "pk", "ancestor_id", "descendant_id", "depth"
    ):
        if descendant_id not in managed:
            continue
        if desired.get((ancestor_id, descendant_id)) == depth:
            existing.add((ancestor_id, descendant_id))
        else:
            stale.append(pk)
    for batch in _batches(stale, 500):
        TerritoryLink.objects.filter(pk__in=batch).delete()
    TerritoryLink.objects.bulk_create(
        (
            TerritoryLink(ancestor_id=ancestor_id, descendant_id=descendant_id, depth=depth)
            for (ancestor_id, descendant_id), depth in desired.items()
            if (ancestor_id, descendant_id) not in existing
        ),
        batch_size=BATCH_SIZE,
    )
    report.links_removed = len(stale)
    report.links_added = len(desired) - len(existing)


# --- Quartiers --------------------------------------------------------------------------------


def create_quartier(*, commune: Territory, name: str) -> Territory:
    """Create a quartier under `commune`, inside every territory that contains the commune.

    Its code is the commune's code followed by its slugified name ("60057-saint-jean"), unique.
    Raises ValidationError (in French) for a bad commune, an empty name or a duplicate.
    """
    if commune.kind != Kind.COMMUNE:
        raise ValidationError(_("Un quartier se rattache à une commune."), code="not_a_commune")
    name = " ".join((name or "").split())
    name_slug = slugify_name(name)[:QUARTIER_NAME_SLUG_LENGTH].strip("-")
    if not name_slug:
        raise ValidationError(
            _("Le nom du quartier doit contenir au moins une lettre ou un chiffre."),
            code="empty_name",
        )
    if len(name) > Territory._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError(_("Le nom du quartier est trop long."), code="name_too_long")
    code = f"{commune.code}-{name_slug}"
    with transaction.atomic():
        if Territory.objects.filter(kind=Kind.QUARTIER, code=code).exists():
            raise ValidationError(
                _("%(commune)s a déjà un quartier nommé « %(name)s ».")
                % {"commune": commune.name, "name": name},
                code="duplicate",
            )
        quartier = Territory.objects.create(
            kind=Kind.QUARTIER,
            code=code,
            name=name,
            slug=territory_slug(name_slug, commune.code),
            parent=commune,
        )
        ancestors = dict(
            TerritoryLink.objects.filter(descendant=commune).values_list("ancestor_id", "depth")
        )
        ancestors[commune.pk] = 0
        TerritoryLink.objects.bulk_create(
            [TerritoryLink(ancestor=quartier, descendant=quartier, depth=0)]
            + [
                TerritoryLink(ancestor_id=ancestor_id, descendant=quartier, depth=depth + 1)
                for ancestor_id, depth in ancestors.items()
            ]
        )
    return quartier
