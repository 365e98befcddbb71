"""How specific an item is to a visitor's commune: the ranking « the most local first ».

A visitor's `Vicinity` is read from the closure table in one query: the territories containing
their commune (the EPCI, the département, the région), each at its level, and the commune itself
with its quartiers. `aimed_at()` and `located_in()` turn it into an annotation (0 for the
commune or one of its quartiers, 1 for the EPCI, 2 for the département, 3 for the région,
ELSEWHERE for anything else) that each family of content orders by, newest first inside a level.
A freshness window lets old local items fall back among the rest.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

from civic.territories.models import Territory, TerritoryLink

COMMUNE, EPCI, DEPARTEMENT, REGION, ELSEWHERE = 0, 1, 2, 3, 4
LEVEL_OF_KIND: dict[str, int] = {
    Territory.Kind.QUARTIER: COMMUNE,
    Territory.Kind.COMMUNE: COMMUNE,
    Territory.Kind.EPCI: EPCI,
    Territory.Kind.DEPARTEMENT: DEPARTEMENT,
    Territory.Kind.REGION: REGION,
}
DEFAULT_FRESHNESS_DAYS = 30


@dataclass(frozen=True)
class Vicinity:
    """The territories around one commune, by level: {level: (territory ids)}."""

    commune_id: int
    levels: dict[int, tuple[int, ...]]

    @classmethod
    def of(cls, commune: "Territory | int") -> "Vicinity":
        """One query on the closure table: what contains the commune, and what it contains."""
        pk: int = commune.pk if isinstance(commune, Territory) else commune
        levels: dict[int, set[int]] = {}
        rows = TerritoryLink.objects.filter(
            models.Q(descendant=pk) | models.Q(ancestor=pk)
        ).values_list("ancestor_id", "ancestor__kind", "descendant_id")
        for ancestor_id, kind, descendant_id in rows:
            if descendant_id == pk:
                levels.setdefault(LEVEL_OF_KIND.get(kind, ELSEWHERE), set()).add(ancestor_id)
            else:  # a quartier (or any place) inside the commune
                levels.setdefault(COMMUNE, set()).add(descendant_id)
        return cls(pk, {level: tuple(sorted(ids)) for level, ids in sorted(levels.items())})

    def ids(self) -> list[int]:
        return [pk for ids in self.levels.values() for pk in ids]


def fresh_since(days: int | None, today: date | None = None) -> date | None:
    """The first day still inside a freshness window of `days` (None: no window)."""
    if not days:
        return None
    return (today or timezone.localdate()) - timedelta(days=days)


def _fresh(date_field: str | None, since: date | datetime | None) -> models.Q:
    if date_field is None or since is None:
        return models.Q()
    return models.Q(**{f"{date_field}__gte": since})


def aimed_at(
    field: str,
    vicinity: Vicinity | None,
    *,
    date_field: str | None = None,
    since: date | datetime | None = None,
) -> models.Expression:
    """The level of items whose `field` names the territory they are aimed at (a news item's,
    a group's): their commune or a quartier of it, its EPCI, département, région, or elsewhere.
    Items older than `since` (on `date_field`) count as elsewhere."""
    if vicinity is None or not vicinity.levels:
        return models.Value(ELSEWHERE, output_field=models.IntegerField())
    fresh = _fresh(date_field, since)
    return models.Case(
        *(
            models.When(models.Q(**{f"{field}__in": ids}) & fresh, then=models.Value(level))
            for level, ids in vicinity.levels.items()
        ),
        default=models.Value(ELSEWHERE),
        output_field=models.IntegerField(),
    )


def located_in(field: str, vicinity: Vicinity | None) -> models.Expression:
    """The level of items whose `field` names where they take place (an event's commune): in
    the visitor's commune, elsewhere in its EPCI, in its département, in its région."""
    if vicinity is None or not vicinity.levels:
        return models.Value(ELSEWHERE, output_field=models.IntegerField())
    whens = []
    for level, ids in vicinity.levels.items():
        condition: models.Q | models.Exists
        if level == COMMUNE:
            condition = models.Q(**{f"{field}__in": ids})
        else:
            condition = models.Exists(
                TerritoryLink.objects.filter(ancestor__in=ids, descendant=models.OuterRef(field))
            )
        whens.append(models.When(condition, then=models.Value(level)))
    return models.Case(*whens, default=models.Value(ELSEWHERE), output_field=models.IntegerField())
