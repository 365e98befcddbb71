"""/agenda/: the list and month views, and each event's page."""

import calendar
from datetime import date, timedelta

from django.db.models import Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.filters import OccurrenceFilter, local_midnight
from agenda.ical import organiser_name, organiser_url, portal_base_url
from agenda.jsonld import event_data, json_ld_script
from agenda.models import Event, Occurrence, RegistrationOpening
from agenda.recurrence import describe_in_full
from agenda.services.registrations import registration_dates
from agenda.validators import within_agenda_years
from civic.common.pagination import CappedPaginator
from civic.territories.settings import authority_name
from civic.territories.visitors import home_area_context, listing_data

PAGE_SIZE = 20
# A day of the month grid lists this many events, then links to the rest.
DAY_CELL_MAX = 4
WEEKDAY_NAMES = [
    (_("Lundi"), _("lun.")),
    (_("Mardi"), _("mar.")),
    (_("Mercredi"), _("mer.")),
    (_("Jeudi"), _("jeu.")),
    (_("Vendredi"), _("ven.")),
    (_("Samedi"), _("sam.")),
    (_("Dimanche"), _("dim.")),
]


def public_occurrences():
    return Occurrence.objects.public().with_event().with_places().order_by("starts_at", "pk")


def agenda(request):
    data, area = listing_data(request)
    filterset = OccurrenceFilter(data, queryset=public_occurrences(), request=request)
    if request.GET.get("vue") == "mois":
        return month_view(request, filterset, area)
    page = CappedPaginator(filterset.results(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/agenda.html",
        {
            "filter": filterset,
            "page_obj": page,
            "occurrences": page.object_list,
            "view": "liste",
            "feed_query": _feed_query(request, filterset),
            "organiser_removal_url": _without_organiser(request),
            **home_area_context(request, area),
        },
    )


def _feed_query(request, filterset):
    """The listing's parameters for its feed. A listing whose filters are in error lists the
    whole agenda (with the errors shown): so does the feed it offers, which would refuse them."""
    if filterset.is_bound and not filterset.is_valid():
        return ""
    query = request.GET.copy()
    for key in ("page", "vue", "mois"):
        query.pop(key, None)
    return query.urlencode()


def _without_organiser(request):
    """The same page without `?organiser=` (the chosen organiser), from its first page."""
    query = request.GET.copy()
    for key in ("organiser", "page"):
        query.pop(key, None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def _month(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("mois", "").split("-"))
        first = date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)
    return first if within_agenda_years(first) else today.replace(day=1)


def month_view(request, filterset, area=None):
    first = _month(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1] + timedelta(days=1)
    occurrences = filterset.undated_results().between(
        local_midnight(grid_start), local_midnight(grid_end)
    )
    by_day = {}
    for occurrence in occurrences:
        day = max(timezone.localtime(occurrence.starts_at).date(), grid_start)
        last = min(occurrence.last_day, grid_end - timedelta(days=1))
        while day <= last:
            by_day.setdefault(day, []).append(occurrence)
            day += timedelta(days=1)
    today = timezone.localdate()
    rows = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "is_today": day == today,
                "occurrences": by_day.get(day, [])[:DAY_CELL_MAX],
                "more": max(0, len(by_day.get(day, [])) - DAY_CELL_MAX),
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "agenda/agenda.html",
        {
            "filter": filterset,
            "view": "mois",
            "month": first,
            "month_label": date_format(first, "F Y").capitalize(),
            "previous_url": _with_month(request, previous),
            "next_url": _with_month(request, following),
            "weeks": rows,
            "weekday_names": WEEKDAY_NAMES,
            "month_count": len({o.pk for o in occurrences}),
            "feed_query": _feed_query(request, filterset),
            "organiser_removal_url": _without_organiser(request),
            **home_area_context(request, area),
        },
    )


def _with_month(request, first):
    query = request.GET.copy()
    query.pop("page", None)
    query["vue"] = "mois"
    query["mois"] = f"{first:%Y-%m}"
    return f"?{query.urlencode()}"


def get_visible_event(request, pk):
    event = get_object_or_404(
        Event.objects.with_related().select_related("registration_opening"), pk=pk
    )
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def registration_opening(event):
    """The event's registrations (loaded with it by get_visible_event), None when not opened."""
    try:
        return event.registration_opening
    except RegistrationOpening.DoesNotExist:
        return None


def event_detail(request, pk, slug):
    event = get_visible_event(request, pk)
    if slug != event.slug:
        return redirect(event.get_absolute_url(), permanent=True)
    now = timezone.now()
    upcoming = list(event.occurrences.filter(ends_at__gt=now).order_by("starts_at")[:11])
    others = Event.objects.none()
    if event.organiser_kind == Event.OrganiserKind.COUNCIL:
        others = Event.objects.filter(organiser_kind=Event.OrganiserKind.COUNCIL)
    elif event.organiser_kind == Event.OrganiserKind.GROUP and event.organiser_group_id:
        others = Event.objects.organised_by_group(event.organiser_group_id)
    elif event.organiser_profile_id:
        others = Event.objects.organised_by(event.organiser_profile_id)
    others = (
        others.public()
        .exclude(pk=event.pk)
        .annotate(next_start=Min("occurrences__starts_at", filter=Q(occurrences__ends_at__gt=now)))
        .filter(next_start__isnull=False)
        .select_related("commune")
        .order_by("next_start", "pk")[:4]
    )
    opening = registration_opening(event)
    base_url = portal_base_url(request)
    # The council's name read only when it names the organiser: civic's settings cost a query.
    council = "" if organiser_name(event, "") else authority_name(request)
    image_url = None
    rendition = None
    if event.image_id:
        rendition = event.image.get_rendition("max-1200x800|format-webp")
        image_url = request.build_absolute_uri(rendition.url)
    data = event_data(
        event,
        url=base_url + event.get_absolute_url(),
        organiser_name=organiser_name(event, council),
        organiser_url=organiser_url(event, base_url),
        image_url=image_url,
    )
    return render(
        request,
        "agenda/event_detail.html",
        {
            "event": event,
            "next_occurrence": next((o for o in upcoming if not o.cancelled), None),
            "rule_text": describe_in_full(
                event, [o.recurrence_id for o in upcoming if o.cancelled and o.recurrence_id]
            ),
            "can_change_dates": permissions.can_change_single_date(request.user, event),
            "can_restore": permissions.can_restore_event(request.user, event),
            "upcoming": upcoming if event.is_recurring else [],
            "others": list(others),
            "council_name": council,
            "rendition": rendition,
            "json_ld": json_ld_script(data),
            "can_edit": permissions.can_edit_event(request.user, event),
            "can_cancel": permissions.can_cancel_event(request.user, event),
            "can_manage_registrations": permissions.can_manage_registrations(request.user, event),
            "can_register": permissions.can_register(request.user, event),
            "register_refusal": permissions.register_refusal(request.user),
            "opening": opening,
            "registration_dates": registration_dates(event, opening, request.user),
            "changes": list(event.changes.all()[:20])
            if permissions.is_own_event(request.user, event)
            or permissions.can_moderate_events(request.user)
            else [],
        },
    )


def subscribe_help(request):
    return render(request, "agenda/subscribe_help.html")
