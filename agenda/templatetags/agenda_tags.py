"""Template helpers of the agenda: dates said in French, the event's JSON-LD, a group's dates."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda import recurrence
from agenda.ical import group_path
from agenda.models import Event, Occurrence

register = template.Library()

# Dates listed on a group's page.
GROUP_DATES_SHOWN = 5


def _time(moment):
    return date_format(moment, "H\\hi").replace("h00", "h")


@register.simple_tag
def when(item):
    """ "Samedi 10 mai 2026, 20h30 – 22h", "Du 3 au 5 juillet 2026", "Lundi 4 mai 2026, toute la journée".

    `item` is an event or an occurrence.
    """
    event = getattr(item, "event", item)
    start = timezone.localtime(item.starts_at)
    end = timezone.localtime(item.ends_at)
    if event.all_day:
        last = (end - timedelta(days=1)).date() if end > start else start.date()
        if last == start.date():
            return _("%(day)s, toute la journée") % {
                "day": date_format(start, "l j F Y").capitalize()
            }
        return _("Du %(first)s au %(last)s") % {
            "first": date_format(start, "l j F"),
            "last": date_format(last, "l j F Y"),
        }
    if end.date() == start.date():
        if end == start:
            return _("%(day)s, %(start)s") % {
                "day": date_format(start, "l j F Y").capitalize(),
                "start": _time(start),
            }
        return _("%(day)s, %(start)s – %(end)s") % {
            "day": date_format(start, "l j F Y").capitalize(),
            "start": _time(start),
            "end": _time(end),
        }
    return _("Du %(first)s à %(start)s au %(last)s à %(end)s") % {
        "first": date_format(start, "l j F"),
        "start": _time(start),
        "last": date_format(end, "l j F Y"),
        "end": _time(end),
    }


@register.simple_tag
def recurrence_text(event):
    return recurrence.describe(event)


@register.filter
def local_date(moment):
    return timezone.localtime(moment).date()


@register.simple_tag
def group_url(group):
    """The group's page, or "" while the groups' pages are not served."""
    return group_path(group) if group is not None else ""


@register.inclusion_tag("agenda/includes/group_upcoming_events.html")
def group_upcoming_events(group):
    """The group's next public dates, on its page (templates/civic/groups/detail.html)."""
    occurrences = (
        Occurrence.objects.public()
        .upcoming()
        .with_event()
        .select_related("event__organiser_group")
        .filter(event__organiser_kind=Event.OrganiserKind.GROUP, event__organiser_group=group)
        .order_by("starts_at", "pk")[:GROUP_DATES_SHOWN]
    )
    return {"group": group, "occurrences": list(occurrences)}


@register.filter
def date_key(moment):
    """A date in an address (agenda.services.registrations.date_key)."""
    from agenda.services.registrations import date_key as key

    return key(moment)


@register.inclusion_tag("agenda/includes/subscribe_links.html", takes_context=True)
def subscribe_links(context, feed_path, name=""):
    """Subscribe to a feed: webcal:// (Apple, Thunderbird, phones), Google Agenda, Outlook, and
    the address to copy. Plain links: nothing is asked of those services until one is clicked."""
    from urllib.parse import quote, urlencode

    request = context.get("request")
    base = request.build_absolute_uri("/").rstrip("/") if request else ""
    https_url = base + feed_path
    webcal_url = "webcal://" + https_url.split("://", 1)[-1]
    return {
        "feed_url": https_url,
        "webcal_url": webcal_url,
        "google_url": "https://calendar.google.com/calendar/r?cid=" + quote(webcal_url, safe=""),
        "outlook_url": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https_url, "name": name}),
    }


ASSOCIATION_DATES_SHOWN = 10


def association_occurrences(profile, limit=ASSOCIATION_DATES_SHOWN):
    """The association's next public dates (its profile page, its embeddable list)."""
    return list(
        Occurrence.objects.public()
        .upcoming()
        .with_event()
        .filter(event__organiser_kind=Event.OrganiserKind.PROFILE, event__organiser_profile=profile)
        .order_by("starts_at", "pk")[:limit]
    )


@register.inclusion_tag("agenda/includes/association_life.html", takes_context=True)
def association_life(context, profile):
    """A verified association's profile: its next events, the groups it leads, its feed and
    contact (templates/civic/profile_detail.html)."""
    from civic.dialogue.models.groups import CivicGroup, Membership

    groups = (
        CivicGroup.objects.visible()
        .filter(
            memberships__user_id=profile.user_id,
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("name")[:20]
    )
    return {
        "request": context.get("request"),
        "profile": profile,
        "occurrences": association_occurrences(profile),
        "groups": list(groups),
    }
