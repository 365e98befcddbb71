"""The agenda's filters (django-filter), shared by /agenda/, its month view and its feeds.

They filter occurrences, so that a recurring event is found at each of its dates. The date
window (a preset such as « ce week-end », or a range) is applied last, by `window()`.
"""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda import integration
from agenda.models import Event, EventCategory
from civic.filters import TerritoryFilter, remembered_options, use_directory_territories
from civic.models import CivicGroup, Profile, Territory

COUNCIL = "conseil"
GROUP_PREFIX = "groupe-"

WHEN_CHOICES = [
    ("today", _("Aujourd'hui")),
    ("weekend", _("Ce week-end")),
    ("week", _("Cette semaine")),
    ("month", _("Ce mois-ci")),
]

ACCESS_CHOICES = [
    (name, Event._meta.get_field(name).verbose_name.capitalize())
    for name in Event.ACCESSIBILITY_FIELDS
]


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time()))


def preset_window(preset, now):
    """[start, end) of « aujourd'hui », « ce week-end », « cette semaine », « ce mois-ci »."""
    today = timezone.localtime(now).date()
    if preset == "today":
        return now, local_midnight(today + timedelta(days=1))
    if preset == "weekend":
        saturday = today + timedelta(days=5 - today.weekday())
        if today.weekday() == 6:
            saturday = today - timedelta(days=1)
        return max(now, local_midnight(saturday)), local_midnight(saturday + timedelta(days=2))
    if preset == "week":
        return now, local_midnight(today + timedelta(days=7 - today.weekday()))
    if preset == "month":
        first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return now, local_midnight(first_next)
    return now, None


class OrganiserFilter(django_filters.ChoiceFilter):
    """ "conseil" for the council, "groupe-<id>" for a group, or a profile's id."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        if value == COUNCIL:
            return qs.filter(event__organiser_kind=Event.OrganiserKind.COUNCIL)
        if value.startswith(GROUP_PREFIX):
            return qs.filter(
                event__organiser_kind=Event.OrganiserKind.GROUP,
                event__organiser_group=value.removeprefix(GROUP_PREFIX),
            )
        return qs.filter(
            event__organiser_kind=Event.OrganiserKind.PROFILE, event__organiser_profile=value
        )


def organiser_choices(request):
    """The council, then associations and members, then groups, that have public events."""
    organisers = (
        Profile.objects.filter(
            organised_events__status__in=Event.PUBLIC_STATUSES,
            organised_events__organiser_kind=Event.OrganiserKind.PROFILE,
        )
        .distinct()
        .order_by("display_name")
        .values_list("pk", "display_name")
    )
    groups = (
        CivicGroup.objects.filter(
            events__status__in=Event.PUBLIC_STATUSES,
            events__organiser_kind=Event.OrganiserKind.GROUP,
        )
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    return [
        (COUNCIL, integration.council_name(request)),
        *((str(pk), name) for pk, name in organisers),
        *(
            (f"{GROUP_PREFIX}{pk}", _("Groupe « %(name)s »") % {"name": name})
            for pk, name in groups
        ),
    ]


class OccurrenceFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("Quand"),
        choices=WHEN_CHOICES,
        empty_label=_("Tous les événements à venir"),
        method="keep",
    )
    start = django_filters.DateFilter(
        label=_("Du"),
        method="keep",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ou choisissez des dates : jj/mm/aaaa."),
    )
    end = django_filters.DateFilter(
        label=_("Au"),
        method="keep",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Catégorie"),
        field_name="event__category",
        to_field_name="slug",
        queryset=EventCategory.objects.all(),
        empty_label=_("Toutes les catégories"),
    )
    territory = TerritoryFilter(
        label=_("Où"),
        queryset=Territory.objects.none(),
        method="filter_territory",
        empty_label=_("Tout le territoire"),
    )
    organiser = OrganiserFilter(
        label=_("Organisateur"), choices=[], empty_label=_("Tous les organisateurs")
    )
    free = django_filters.BooleanFilter(
        label=_("Gratuit seulement"), method="filter_free", widget=forms.CheckboxInput
    )
    access = django_filters.MultipleChoiceFilter(
        label=_("Accessibilité"),
        choices=ACCESS_CHOICES,
        method="filter_access",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seulement les événements qui offrent tout ce qui est coché."),
    )

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        use_directory_territories(self, "agenda-territories", request)
        # Evaluated only when the form is shown or an organiser is asked (not for a feed).
        organiser = self.filters["organiser"]
        organiser.extra["choices"] = lambda: organiser_choices(request)
        organiser.extra["widget"] = remembered_options("agenda-organisers", request)

    def keep(self, queryset, name, value):
        return queryset  # dates are applied together by window()

    def filter_territory(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def filter_free(self, queryset, name, value):
        return queryset.filter(event__is_free=True) if value else queryset

    def filter_access(self, queryset, name, value):
        for feature in value:
            queryset = queryset.filter(**{f"event__{feature}": True})
        return queryset

    def window(self, now=None, *, earliest=None):
        """[start, end) asked for: a range, a preset, or from now on (end None)."""
        now = now or timezone.now()
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        if start or end:
            lower = local_midnight(start) if start else now
            upper = local_midnight(end + timedelta(days=1)) if end else None
            if upper is not None and upper <= lower:
                upper = lower
            return lower, upper
        lower, upper = preset_window(data.get("when"), now)
        if earliest is not None and not data.get("when"):
            lower = earliest
        return lower, upper

    def dated(self, queryset, now=None, *, earliest=None):
        lower, upper = self.window(now, earliest=earliest)
        condition = Q(ends_at__gt=lower)
        if upper is not None:
            condition &= Q(starts_at__lt=upper)
        return queryset.filter(condition)

    def results(self, now=None, *, earliest=None):
        """Filtered and dated occurrences (the base queryset, dated, when the form is invalid)."""
        queryset = self.qs if self.is_bound and self.is_valid() else self.queryset
        return self.dated(queryset, now, earliest=earliest)

    def undated_results(self):
        return self.qs if self.is_bound and self.is_valid() else self.queryset
