"""Commune and département outlines shipped in civic/data/outlines (IGN Admin Express, Licence
Ouverte): drawn under the portal's maps and used to find the commune a point falls in.

Nothing is fetched at run time: a département without a shipped file simply has no outlines,
and whoever places a point then chooses the commune.
"""

import json
import math
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

OUTLINES_DIR = Path(__file__).resolve().parent.parent / "data" / "outlines"

Ring = list[tuple[float, float]]


def available_departements() -> list[str]:
    return sorted(path.stem for path in OUTLINES_DIR.glob("*.geojson"))


def outline_path(departement_code: str) -> Path | None:
    path = OUTLINES_DIR / f"{departement_code}.geojson"
    return path if departement_code.isalnum() and path.is_file() else None


@lru_cache(maxsize=8)
def _communes(departement_code: str) -> list[tuple[str, tuple[float, float, float, float], list]]:
    """(code, bounding box, polygons) of each commune of the département."""
    path = outline_path(departement_code)
    if path is None:
        return []
    communes = []
    for feature in json.loads(path.read_text())["features"]:
        if feature["properties"]["kind"] != "commune":
            continue
        polygons = feature["geometry"]["coordinates"]
        lons = [point[0] for polygon in polygons for point in polygon[0]]
        lats = [point[1] for polygon in polygons for point in polygon[0]]
        communes.append(
            (feature["properties"]["code"], (min(lons), min(lats), max(lons), max(lats)), polygons)
        )
    return communes


def _inside(ring, lon: float, lat: float) -> bool:
    """Ray casting: whether (lon, lat) is inside the closed ring."""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def commune_code_at(lat: float, lon: float, departement_codes: list[str]) -> str | None:
    """INSEE code of the shipped commune containing the point, among those départements."""
    for code in departement_codes:
        for commune_code, (west, south, east, north), polygons in _communes(code):
            if not (west <= lon <= east and south <= lat <= north):
                continue
            for polygon in polygons:
                if _inside(polygon[0], lon, lat) and not any(
                    _inside(hole, lon, lat) for hole in polygon[1:]
                ):
                    return commune_code
    return None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def departement_code_of(commune_code: str) -> str:
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def departements_of(territory) -> list[str]:
    """Codes of the départements the territory lies in (none for all of France)."""
    from civic.territories.models import Territory

    if territory is None or territory.kind == Territory.Kind.REGION:
        return []
    if territory.kind == Territory.Kind.DEPARTEMENT:
        return [territory.code]
    if territory.kind in (Territory.Kind.COMMUNE, Territory.Kind.QUARTIER):
        return [departement_code_of(territory.code)]
    codes = territory.descendants().communes().values_list("code", flat=True)
    return sorted({departement_code_of(code) for code in codes})


@lru_cache(maxsize=8)
def _bounds(departement_code: str) -> tuple[float, float, float, float] | None:
    boxes = [box for _code, box, _polygons in _communes(departement_code)]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def bounds(departement_codes: list[str]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the shipped outlines of those départements."""
    boxes = [box for box in map(_bounds, departement_codes) if box is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def commune_centre(commune_code: str) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the commune's outline box, when shipped."""
    for code, (west, south, east, north), polygons in _communes(departement_code_of(commune_code)):
        if code == commune_code:
            lat, lon = (south + north) / 2, (west + east) / 2
            # A crescent-shaped commune's box centre may fall outside it: its first point then.
            if commune_code_at(lat, lon, [departement_code_of(commune_code)]) != commune_code:
                lon, lat = polygons[0][0][0]
            return lat, lon
    return None
