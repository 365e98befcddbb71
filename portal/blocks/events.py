"""The « Agenda : prochains événements » block: the next events, those near the visitor first."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from agenda.models import Occurrence
from civic.territories.models import Territory
from civic.territories.settings import root_territory
from portal.page_cache import AGENDA, shows
from portal.targeting import visitor_commune, visitor_vicinity


def territory_choices():
    """The portal's département, its intercommunalities and its communes."""

    territories = Territory.objects.filter(
        kind__in=[Territory.Kind.DEPARTEMENT, Territory.Kind.EPCI, Territory.Kind.COMMUNE]
    )
    root = root_territory()
    if root is not None:
        territories = territories.within(root)
    return [
        (str(t.pk), territory_label(t))
        for t in territories.in_french_order().only("pk", "name", "kind")
    ]


def territory_label(territory):
    return f"{territory.name} — {territory.get_kind_display()}"


class TerritoryChoiceBlock(blocks.ChoiceBlock):
    """A territory picked from the portal's list; reading it back never builds that list.

    ChoiceBlock normalises a stored value by walking every choice, a département's hundreds of
    communes on each render: the stored primary key is taken as is instead. The editor's form
    still offers, and validates against, the full list.
    """

    def to_python(self, value):
        return "" if value in (None, "") else str(value)

    def bulk_to_python(self, values):
        return [self.to_python(value) for value in values]

    def get_searchable_content(self, value):
        """The chosen territory's label, read by its key: ChoiceBlock would build the whole list
        (every commune of France while the portal has no territory yet) for each page indexed."""

        if not self.search_index or not str(value or "").isdigit():
            return []
        territory = Territory.objects.filter(pk=value).only("name", "kind").first()
        return [] if territory is None else [territory_label(territory)]


class UpcomingEventsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Prochains événements"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("Nombre d'événements"), default=5, min_value=1, max_value=20
    )
    category = SnippetChooserBlock("agenda.EventCategory", label=_("Catégorie"), required=False)
    territory = TerritoryChoiceBlock(
        label=_("Territoire"),
        choices=territory_choices,
        required=False,
        help_text=_(
            "Les événements de ce territoire seulement (une intercommunalité : toutes ses communes)."
        ),
    )

    class Meta:
        icon = "date"
        label = _("Agenda : prochains événements")
        template = "portal/blocks/upcoming_events_block.html"

    def get_context(self, value, parent_context=None):
        shows(AGENDA)  # renewed when an event changes
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        territory = None
        if value.get("territory"):
            territory = Territory.objects.filter(pk=value["territory"]).first()
        commune = visitor_commune(request)
        occurrences = Occurrence.objects.coming_up(
            category=value.get("category"), territory=territory, near=visitor_vicinity(request)
        )
        context["occurrences"] = list(occurrences[: value.get("count") or 5])
        context["commune"] = commune
        context["territory"] = territory
        query = {}
        if value.get("category"):
            query["category"] = value["category"].slug
        if territory is not None:
            query["territory"] = territory.pk
        context["agenda_query"] = "&".join(f"{k}={v}" for k, v in query.items())
        return context
