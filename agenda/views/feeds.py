"""iCalendar feeds and each event's .ics. The files themselves are built by agenda.ical.

A feed carries the events (masters, not occurrences) that have an occurrence matching the same
filters as /agenda/, from 30 days ago when no date is asked. It answers conditional requests
(Django's `condition`): its ETag and Last-Modified follow the whole agenda and the names a feed
shows beside its events (EventQuerySet.feed_state: how many events, their last change, the last
change of a profile, group, category or territory), and the council's name and its last change,
so that answering costs no look at which events the feed holds. Any event's change renews every
feed's ETag. The body is cached under the ETag. Without that cache (a restart), the body is one
more query: each event's VEVENT is kept in the database (see agenda.ical).

A parameter the agenda does not accept (a territory outside the portal's, an unknown category)
is answered « 400 » with what is wrong, never with a feed that ignores it: a calendar subscribed
to a commune's events must not quietly fill with the whole agenda's.
"""

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from agenda import ical
from agenda.filters import EventFilter
from agenda.models import Event
from agenda.views.browse import get_visible_event
from civic.dialogue.models.groups import CivicGroup
from civic.people.models import Profile
from civic.territories.settings import CivicSettings, authority_name

# How far back a feed goes when no date is asked: calendar apps keep recent events visible.
FEED_PAST = timedelta(days=30)
FEED_CACHE_SECONDS = 60 * 60


def _feed_events(request, *, organiser=None, group=None):
    """(events queryset, calendar name, council's name, state with its ETag, errors) for the
    request; computed once per request. `errors` is empty when every parameter is valid, and
    `state` None when it is not."""
    cached = getattr(request, "_agenda_feed", None)
    if cached is not None:
        return cached
    council = authority_name(request)
    events = Event.objects.public()
    if organiser is not None:
        events = events.organised_by(organiser)
        name = _("Agenda de %(name)s") % {"name": organiser.display_name}
    elif group is not None:
        events = events.organised_by_group(group)
        name = _("Agenda du groupe « %(name)s »") % {"name": group.name}
    else:
        name = _("Agenda — %(portal)s") % {"portal": council}
    filterset = EventFilter(request.GET or None, queryset=events, request=request)
    now = timezone.now()
    events = filterset.results(now, earliest=now - FEED_PAST)
    errors = _errors(filterset.form)
    if not errors:
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        name = _selection_name(name, data, council, events_of=organiser or group)
    # A refused feed has no version to follow: its state is not read. Its ETag is computed
    # once too (the conditional answer, then the cached body's key).
    state = None
    if not errors:
        state = {
            **Event.objects.feed_state(),
            "council": CivicSettings.current(request).updated_at,
        }
        state["etag"] = _etag_of(request, state, council)
    request._agenda_feed = (events, name, council, state, errors)
    return request._agenda_feed


def _selection_name(name, data, council, *, events_of=None):
    """The calendar's name says the selection: « Agenda — Creil — Concerts »."""
    parts = []
    territory, category = data.get("territory"), data.get("category")
    if territory is not None:
        if events_of is None:
            name = _("Agenda — %(portal)s") % {"portal": territory.name}
        else:
            parts.append(territory.name)
    if category is not None:
        parts.append(category.name)
    if data.get("free"):
        parts.append(_("Gratuit"))
    return " — ".join([name, *parts])


# The moments of change a feed's state holds (EventQuerySet.feed_state, the council's).
MOMENTS = ("changed", "organisers", "groups", "categories", "territories", "council")


def _etag_of(request, state, council):
    today = timezone.localdate().isoformat()  # the window moves with the days
    # The addresses in the feed are the request's host's, and the council's name is shown in it
    # (its fallback is a setting, with no moment of change).
    moments = "|".join(str(state[name]) for name in MOMENTS)
    key = (
        f"{ical.portal_base_url(request)}{request.path}?{request.GET.urlencode()}|"
        f"{state['count']}|{moments}|{today}|{council}"
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _etag(request, **kwargs):
    _events, _name, _council, state, _errors = _feed_events(request, **kwargs)
    return state["etag"] if state else None


def _last_modified(request, **kwargs):
    _events, _name, _council, state, _errors = _feed_events(request, **kwargs)
    if state is None:
        return None
    return max(filter(None, (state[name] for name in MOMENTS)), default=None)


def _errors(form):
    """Each parameter in error as a line: its label, its name in the address, why."""
    lines = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        where = f"{field.label} ({name})" if field is not None else name
        lines += [f"- {where} : {message}" for message in messages]
    return lines


def _refused(errors):
    """A plain-text 400 naming each parameter in error and why, in the visitor's language."""
    lines = [_("Ce flux d'agenda ne peut pas être construit :"), *errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _feed_response(request, **kwargs):
    events, name, council, state, errors = _feed_events(request, **kwargs)
    if errors:
        return _refused(errors)
    key = f"agenda:feed:{state['etag']}"
    body = cache.get(key)
    if body is None:
        body = ical.to_ics(
            events.order_by("starts_at", "pk"),
            name=name,
            base_url=ical.portal_base_url(request),
            council_name=council,
        )
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@condition(etag_func=_etag, last_modified_func=_last_modified)
def feed(request):
    """/agenda/ical/: the same parameters as /agenda/."""
    return _feed_response(request)


def _organiser_etag(request, pk):
    return _etag(request, organiser=_organiser(request, pk))


def _organiser_last_modified(request, pk):
    return _last_modified(request, organiser=_organiser(request, pk))


def _organiser(request, pk):
    cached = getattr(request, "_agenda_organiser", None)
    if cached is None:
        cached = get_object_or_404(Profile, pk=pk)
        request._agenda_organiser = cached
    return cached


@condition(etag_func=_organiser_etag, last_modified_func=_organiser_last_modified)
def organiser_feed(request, pk):
    """/agenda/organisateurs/<pk>.ics: every event of an association or member."""
    return _feed_response(request, organiser=_organiser(request, pk))


def event_ics(request, pk, slug):
    """« Ajouter à mon agenda » : the event alone, as an .ics file to open."""
    event = get_visible_event(request, pk)
    body = ical.to_ics(
        [event],
        name=event.title,
        base_url=ical.portal_base_url(request),
        council_name=authority_name(request),
    )
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug[:80]}.ics"'
    return response


def _group(request, pk):
    cached = getattr(request, "_agenda_group", None)
    if cached is None:
        cached = get_object_or_404(CivicGroup.objects.visible(), pk=pk)
        request._agenda_group = cached
    return cached


def _group_etag(request, pk):
    return _etag(request, group=_group(request, pk))


def _group_last_modified(request, pk):
    return _last_modified(request, group=_group(request, pk))


@condition(etag_func=_group_etag, last_modified_func=_group_last_modified)
def group_feed(request, pk):
    """/agenda/groupes/<pk>.ics: the events a group organises."""
    return _feed_response(request, group=_group(request, pk))
