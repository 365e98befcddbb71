"""Directory filters (django-filter)."""

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from civic.common.widgets import LongSelect
from civic.dialogue.models.groups import CivicGroup, Theme
from civic.identity.levels import TrustLevel
from civic.people.forms.profiles import TerritoryChoiceField
from civic.people.models import Profile
from civic.territories.models import PLACE_KINDS, Territory
from civic.territories.settings import root_territory


class TerritoryFilter(django_filters.ModelChoiceFilter):
    """The « Où » filter: a select of the portal's places, which place-combobox.js turns into a
    combobox searching them (civic.territories.views.place_search)."""

    field_class = TerritoryChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            LongSelect(attrs={"data-place-search": reverse_lazy("territories:place_search")}),
        )
        super().__init__(*args, **kwargs)


def directory_territories(request):
    """The département, its EPCI, its communes and quartiers (what a visitor may narrow the
    directory, the groups and the agenda to)."""
    root = root_territory(request)
    qs = Territory.objects.filter(kind__in=PLACE_KINDS)
    if root is not None:
        qs = qs.within(root)
    return qs.in_french_order()


def use_directory_territories(filterset, request):
    filterset.filters["territory"].queryset = directory_territories(request)


# The directory's « kind » that lists groups instead of profiles.
GROUPS_KIND = "groupes"


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nom ou objet"), method="filter_text", max_length=100)
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=[
            (Profile.Kind.ASSOCIATION, _("Associations")),
            (Profile.Kind.ELECTED, _("Élu·es")),
            (Profile.Kind.CITIZEN, _("Citoyen·nes")),
            (GROUPS_KIND, _("Groupes")),
        ],
        empty_label=_("Tous"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème (groupes)"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("Tous les thèmes"),
    )
    territory = TerritoryFilter(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        method="filter_territory",
        empty_label=_("Tout le territoire"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Niveau de confiance"),
        field_name="trust_level",
        choices=[
            (level, label) for level, label in TrustLevel.choices if level != TrustLevel.UNCONFIRMED
        ],
        empty_label=_("Tous les niveaux"),
        help_text=_("Jusqu'où l'identité a été vérifiée."),
    )
    verified = django_filters.BooleanFilter(
        label=_("Profils vérifiés seulement"),
        method="filter_verified",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Profile
        fields = ["q", "kind", "theme", "territory", "level", "verified"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        use_directory_territories(self, request)
        if (data or {}).get("kind") != GROUPS_KIND:
            del self.filters["theme"]  # offered once « Groupes » is chosen (themes are theirs)
        if request is None or not request.user.is_authenticated:
            kind = self.filters["kind"]
            kind.extra["choices"] = [
                c for c in kind.extra["choices"] if c[0] != Profile.Kind.CITIZEN
            ]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_territory(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def filter_verified(self, queryset, name, value):
        return queryset.verified() if value else queryset

    def filter_theme(self, queryset, name, value):
        return queryset  # Themes are the groups': the directory view lists them with GroupFilter.


class GroupFilter(django_filters.FilterSet):
    """/groupes/ and the directory's « Groupes »: by text, theme and territory (containment)."""

    q = django_filters.CharFilter(
        label=_("Nom ou description"), method="filter_text", max_length=100
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"), queryset=Theme.objects.all(), empty_label=_("Tous les thèmes")
    )
    territory = TerritoryFilter(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        method="filter_territory",
        empty_label=_("Tout le territoire"),
    )

    class Meta:
        model = CivicGroup
        fields = ["q", "theme", "territory"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        use_directory_territories(self, request)

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_territory(self, queryset, name, value):
        return queryset.within(value) if value else queryset
