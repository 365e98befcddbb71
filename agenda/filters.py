"""The agenda's filters (django-filter), shared by /agenda/, its month view and its feeds.

The listings filter occurrences, so that a recurring event is found at each of its dates; the
feeds filter events (`EventFilter`), which they carry once each with their rule. The date window
(a preset such as « ce week-end », or a range) is applied last, by `window()`.
Organisers are searched by name (`organisateur`); `organiser` is one organiser, as links from
other pages ask for it.
"""

import re
from datetime import datetime, time, timedelta
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import Event, EventCategory, Occurrence
from agenda.validators import validate_agenda_date
from civic.common.text import normalize
from civic.dialogue.models.groups import CivicGroup
from civic.people.filters import TerritoryFilter, use_directory_territories
from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.settings import authority_name

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


class ChosenOrganiser(NamedTuple):
    """The organiser of `?organiser=`, as links ask for it (« Tout l'agenda de cet organisateur »)."""

    kind: str  # an Event.OrganiserKind
    pk: int | None
    name: str


PROFILE_ID = re.compile(r"[0-9]{1,18}")
GROUP_ID = re.compile(re.escape(GROUP_PREFIX) + r"([0-9]{1,18})")


class KeptValueInput(forms.HiddenInput):
    """A hidden input only when there is a value: no empty `organiser=` in the form's URLs."""

    def render(self, name, value, attrs=None, renderer=None):
        if value in (None, ""):
            return ""
        return super().render(name, value, attrs, renderer)


class ChosenOrganiserField(forms.CharField):
    """ "conseil" for the council, "groupe-<id>" for a group, or a profile's id; as before the
    name search, only organisers with public events are accepted. Kept in a hidden input: the
    form shows the organiser's name beside it."""

    widget = KeptValueInput
    default_error_messages = {
        "invalid_choice": _(
            "Cet organisateur n'existe pas ou n'a aucun événement public : retirez ce filtre "
            "ou cherchez un organisateur par son nom."
        )
    }

    def __init__(self, *, council_name=None, **kwargs):
        self.council_name = council_name or authority_name
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if value == COUNCIL:
            return ChosenOrganiser(Event.OrganiserKind.COUNCIL, None, self.council_name())
        name = None
        if match := GROUP_ID.fullmatch(value):
            kind, pk = Event.OrganiserKind.GROUP, int(match[1])
            name = _public_organiser_name(CivicGroup.objects, "events", kind, pk, "name")
            if name is not None:
                name = _("Groupe « %(name)s »") % {"name": name}
        elif PROFILE_ID.fullmatch(value):
            kind, pk = Event.OrganiserKind.PROFILE, int(value)
            name = _public_organiser_name(
                Profile.objects, "organised_events", kind, pk, "display_name"
            )
        if name is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return ChosenOrganiser(kind, pk, name)


def _public_organiser_name(organisers, events, kind, pk, name_field):
    """The name of organiser `pk` when it organises public events as `kind`, else None."""
    return (
        organisers.filter(
            pk=pk,
            **{f"{events}__status__in": Event.PUBLIC_STATUSES, f"{events}__organiser_kind": kind},
        )
        .values_list(name_field, flat=True)
        .first()
    )


def _on_event(event, **conditions):
    """`conditions` on the event, behind the prefix `event` ("event__" or "")."""
    return Q(**{f"{event}{name}": value for name, value in conditions.items()})


class OrganiserFilter(django_filters.Filter):
    field_class = ChosenOrganiserField

    def filter(self, qs, value):
        if not value:
            return qs
        kind, event = value.kind, self.parent.event
        if kind == Event.OrganiserKind.COUNCIL:
            return qs.filter(_on_event(event, organiser_kind=kind))
        if kind == Event.OrganiserKind.GROUP:
            return qs.filter(_on_event(event, organiser_kind=kind, organiser_group=value.pk))
        return qs.filter(_on_event(event, organiser_kind=kind, organiser_profile=value.pk))


def organisers_named(text, council_name, event="event__"):
    """Occurrences (or events, `event` "") whose organiser matches every word of `text`, accents
    and case aside: a profile or group (their stored accent-free text), or the council (its name
    or the word « conseil »). Subqueries, so the listing keeps its number of queries."""
    words = normalize(text).split()
    condition = _on_event(
        event,
        organiser_kind=Event.OrganiserKind.PROFILE,
        organiser_profile__in=Profile.objects.search(text).values("pk"),
    ) | _on_event(
        event,
        organiser_kind=Event.OrganiserKind.GROUP,
        organiser_group__in=CivicGroup.objects.search(text).values("pk"),
    )
    council = f"{normalize(council_name)} {COUNCIL}"
    if all(word in council for word in words):
        condition |= _on_event(event, organiser_kind=Event.OrganiserKind.COUNCIL)
    return condition


class OccurrenceFilter(django_filters.FilterSet):
    # The path from the filtered model to its event.
    event = "event__"

    when = django_filters.ChoiceFilter(
        label=_("Quand"),
        choices=WHEN_CHOICES,
        empty_label=_("Tous les événements à venir"),
        method="keep",
    )
    start = django_filters.DateFilter(
        label=_("Du"),
        method="keep",
        validators=[validate_agenda_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ou choisissez des dates : jj/mm/aaaa."),
    )
    end = django_filters.DateFilter(
        label=_("Au"),
        method="keep",
        validators=[validate_agenda_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Catégorie"),
        method="filter_category",
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
    free = django_filters.BooleanFilter(
        label=_("Gratuit seulement"), method="filter_free", widget=forms.CheckboxInput
    )
    places = django_filters.BooleanFilter(
        label=_("Avec des places libres"), method="filter_places", widget=forms.CheckboxInput
    )
    access = django_filters.MultipleChoiceFilter(
        label=_("Accessibilité"),
        choices=ACCESS_CHOICES,
        method="filter_access",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seulement les événements qui offrent tout ce qui est coché."),
    )
    # Organisers are found by name: a list of them all was thousands of options on every page.
    # Last of the fields, so that the organiser chosen by a link (`?organiser=`, e.g. from an
    # event's page), which the page names after the fields, comes next to it.
    organisateur = django_filters.CharFilter(
        label=_("Organisateur"),
        method="filter_organiser_name",
        max_length=100,
        help_text=_("Nom d'une association, d'un élu, d'un groupe ou « conseil »."),
    )
    organiser = OrganiserFilter(label=_("Organisateur choisi"))

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        use_directory_territories(self, request)
        self.filters["organiser"].extra["council_name"] = lambda: authority_name(request)

    def keep(self, queryset, name, value):
        return queryset  # dates are applied together by window()

    def filter_category(self, queryset, name, value):
        return queryset.filter(_on_event(self.event, category=value)) if value else queryset

    def filter_territory(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def filter_organiser_name(self, queryset, name, value):
        if not normalize(value):
            return queryset
        council_name = authority_name(self.request)
        return queryset.filter(organisers_named(value, council_name, self.event))

    @property
    def chosen_organiser(self):
        """The organiser of `?organiser=`, once valid, for the form to name it."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get("organiser")

    def filter_free(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_on_event(self.event, is_free=True, origin=Event.Origin.MANUAL))

    def filter_places(self, queryset, name, value):
        """Dates taking registrations with a place left (occurrences only: feeds ignore it)."""
        if not value or self.event != "event__":
            return queryset
        return queryset.with_free_places()

    def filter_access(self, queryset, name, value):
        for feature in value:
            queryset = queryset.filter(_on_event(self.event, **{feature: True}))
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


class EventFilter(OccurrenceFilter):
    """The same filters over events, for the feeds: an event is kept when one of its
    occurrences falls in the window. The conditions on the event stay on the event's own row,
    and so does the end of its last occurrence (`last_ends_at`), which answers a window with no
    end by itself; a window with an end asks each remaining event for an occurrence in it, from
    the index on (event, end), rather than filtering the occurrences first, which made
    PostgreSQL hash every occurrence of the portal."""

    event = ""

    def dated(self, queryset, now=None, *, earliest=None):
        lower, upper = self.window(now, earliest=earliest)
        queryset = queryset.ending_after(lower)
        if upper is None:
            return queryset
        within = Occurrence.objects.filter(event=OuterRef("pk")).between(lower, upper)
        return queryset.filter(Exists(within))
