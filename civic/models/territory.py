"""Territories of France: région > département > EPCI > commune > quartier.

The geography is not a tree (an EPCI may span two départements), so containment is stored as a
closure table: one `TerritoryLink(ancestor, descendant)` row for every pair, including each
territory with itself. `within()` and `ancestors()` are then one indexed join whatever the depth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.text import normalize


class TerritoryQuerySet(models.QuerySet):
    def within(self, territory):
        """`territory` itself and every territory inside it (an EPCI's communes included)."""
        return self.filter(ancestor_links__ancestor=territory)

    def containing(self, territory):
        """`territory` itself and every territory that contains it."""
        return self.filter(descendant_links__descendant=territory)

    def communes(self):
        return self.filter(kind=Territory.Kind.COMMUNE)

    def search(self, query):
        """Accent- and case-insensitive lookup by name, postal code or official code."""
        query = (query or "").strip()
        if not query:
            return self.none()
        if query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"}):
            return self.filter(
                models.Q(code=query.upper()) | models.Q(postal_codes__contains=query)
            )
        return self.filter(search_name__contains=normalize(query))


class Territory(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité")
        COMMUNE = "commune", _("Commune")
        QUARTIER = "quartier", _("Quartier")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    code = models.CharField(
        _("code officiel"), max_length=20, help_text=_("Code INSEE, ou SIREN pour un EPCI.")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220)
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
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code"),
            models.UniqueConstraint(fields=["kind", "slug"], name="territory_unique_kind_slug"),
        ]

    def __str__(self):
        if self.kind == self.Kind.COMMUNE:
            return f"{self.name} ({self.code[:3] if self.code.startswith('97') else self.code[:2]})"
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
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
    def postal_code_list(self):
        return self.postal_codes.split()


class TerritoryLink(models.Model):
    """One row per (ancestor, descendant) pair of the containment closure, self-pairs included."""

    ancestor = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="descendant_links"
    )
    descendant = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="ancestor_links"
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
