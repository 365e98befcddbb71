"""Territories of France: région > département > EPCI > commune > quartier.

The geography is not a tree (an EPCI may span two départements), so containment is stored as a
closure table: one `TerritoryLink(ancestor, descendant)` row for every pair, including each
territory with itself. `within()` and `ancestors()` are then one indexed join whatever the depth.
"""

import re
from typing import Self

from django.db import models
from django.db.models.functions import Concat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from civic.common.text import normalize, of_name

SLUG_MAX_LENGTH = 220


def slugify_name(name):
    """ASCII slug of a name, ligatures spelt out: "Œuilly" gives "oeuilly", "L'Isle" "l-isle"."""
    return slugify(normalize(name))


def territory_slug(name, suffix):
    """`slugify(name)-suffix`, the suffix being the official code: unique within a kind."""
    suffix = slugify(suffix)
    return f"{slugify_name(name)[: SLUG_MAX_LENGTH - len(suffix) - 1].strip('-')}-{suffix}"


# Official codes: INSEE (digits, or 2A/2B for Corsica), SIREN for an EPCI; or a postal code.
_CODE_QUERY = re.compile(r"\d{2,9}|2[AB]\d{3}")


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def within(self, territory: "Territory | int") -> Self:
        """`territory` itself and every territory inside it (an EPCI's communes included)."""
        return self.filter(ancestor_links__ancestor=territory)

    def containing(self, territory: "Territory | int") -> Self:
        """`territory` itself and every territory that contains it."""
        return self.filter(descendant_links__descendant=territory)

    def communes(self) -> Self:
        return self.filter(kind=Territory.Kind.COMMUNE)

    def search(self, query: str | None) -> Self:
        """Accent- and case-insensitive lookup by name, postal code or official code.

        A query made of digits (or a Corsican "2A004") matches an official code or one whole postal
        code; anything else matches the normalized name. Exact name matches come first, then the
        most populated territories.
        """
        query = (query or "").strip()
        if not query:
            return self.none()
        normalized = normalize(query)
        compact = re.sub(r"\s+", "", query).upper()
        if _CODE_QUERY.fullmatch(compact):
            # Pad the space-separated list so that "60000" never matches inside "160000".
            queryset = self.alias(
                _padded_postal_codes=Concat(
                    models.Value(" "),
                    "postal_codes",
                    models.Value(" "),
                    output_field=models.CharField(),
                )
            ).filter(
                models.Q(code=compact) | models.Q(_padded_postal_codes__contains=f" {compact} ")
            )
        elif normalized:
            queryset = self.filter(search_name__contains=normalized)
        else:
            return self.none()
        return queryset.alias(
            _exact_name=models.Case(
                models.When(search_name=normalized, then=models.Value(0)),
                default=models.Value(1),
            )
        ).order_by("_exact_name", "-population", "name", "pk")

    def places(self, query: str | None) -> Self:
        """Communes, intercommunalities and quartiers matching `query` (see search()): exact
        names first, then the most populous (a quartier by its commune's population)."""
        return self.filter(kind__in=PLACE_KINDS[1:]).search(query)

    def in_french_order(self) -> Self:
        """The larger places first (département, intercommunalities, communes, quartiers), each
        in French alphabetical order: accents and case aside, « Écuvilly » under E."""
        rank = models.Case(
            *(models.When(kind=kind, then=models.Value(i)) for i, kind in enumerate(PLACE_KINDS)),
            default=models.Value(len(PLACE_KINDS)),
        )
        return self.alias(_kind_rank=rank).order_by("_kind_rank", "search_name", "pk")


# What the « Où » filters offer, and in which order: the larger places first.
PLACE_KINDS = ("departement", "epci", "commune", "quartier")


class Territory(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité")
        COMMUNE = "commune", _("Commune")
        QUARTIER = "quartier", _("Quartier")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # A quartier's code is its commune's code followed by its slugified name: hence the length.
    code = models.CharField(
        _("code officiel"), max_length=120, help_text=_("Code INSEE, ou SIREN pour un EPCI.")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=SLUG_MAX_LENGTH)
    population = models.PositiveIntegerField(_("population"), default=0)
    postal_codes = models.CharField(
        _("codes postaux"), max_length=400, blank=True, help_text=_("Séparés par des espaces.")
    )
    # Administrative parent (commune → département, département → région, quartier → commune).
    # Containment queries use the closure table, never this field.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # COG "type de nom en clair": how the name takes an article ("de l'Oise", "du Nord").
    tncc = models.CharField(_("type de nom (TNCC)"), max_length=1, blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    # Written by save() and by the reload: the agenda's feeds show the communes' names.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code"),
            models.UniqueConstraint(fields=["kind", "slug"], name="territory_unique_kind_slug"),
        ]
        indexes = [models.Index(fields=["updated_at"], name="territory_updated")]

    def __str__(self):
        if self.kind == self.Kind.COMMUNE:
            return f"{self.name} ({self.code[:3] if self.code.startswith('97') else self.code[:2]})"
        return self.name

    def save(self, *args, **kwargs):
        # Bulk loads (civic.territories.services) set both fields themselves.
        self.search_name = normalize(self.name)
        if not self.slug:
            self.slug = territory_slug(self.name, self.code)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def ancestors(self):
        """Every territory that contains this one (not itself), largest first."""
        return (
            Territory.objects.containing(self)
            .exclude(pk=self.pk)
            .order_by("-descendant_links__depth", "name")
        )

    def descendants(self):
        return Territory.objects.within(self).exclude(pk=self.pk)

    @property
    def of_name(self):
        """The name after "de": "de Creil", "d'Amiens", "de l'Oise", "du Nord"."""
        return of_name(self.name, self.tncc or None)

    @property
    def postal_code_list(self):
        return self.postal_codes.split()


class TerritoryLink(models.Model):
    """One row per (ancestor, descendant) pair of the containment closure, self-pairs included."""

    # No single-column indexes: the unique (ancestor, descendant) constraint and the
    # (descendant, ancestor) index below already start with each column.
    ancestor = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="descendant_links", db_index=False
    )
    descendant = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="ancestor_links", db_index=False
    )
    # Rank distance (0 for itself, 1 for a commune in its EPCI, 3 for a commune in its région...),
    # used to order ancestors from the largest.
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "descendant"], name="territorylink_unique_pair"
            ),
        ]
        indexes = [models.Index(fields=["descendant", "ancestor"], name="territorylink_desc_anc")]

    def __str__(self):
        return f"{self.descendant_id} ⊂ {self.ancestor_id} ({self.depth})"


# Past this many places (a région, France), `places_within` leaves them to a subquery: a list
# that long would cost more to send and plan than it saves.
LISTED_PLACES_MAX = 2000


def places_within(territory):
    """For a `<field>__in=` filter: the ids of `territory` and of every place inside it.

    A list of numbers rather than a subquery of the closure table: given the places themselves,
    PostgreSQL reads each one's share of the rows from its statistics instead of assuming an
    average share for each (see docs/performance.md).
    """
    pk = getattr(territory, "pk", territory)
    ids = list(
        TerritoryLink.objects.filter(ancestor=pk).values_list("descendant_id", flat=True)[
            : LISTED_PLACES_MAX + 1
        ]
    )
    if len(ids) > LISTED_PLACES_MAX:
        return TerritoryLink.objects.filter(ancestor=pk).values("descendant_id")
    return ids
