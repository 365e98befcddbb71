"""Feature timings measured in-process on the seeded data (feeds, imports, search).

Each figure is {"seconds": float, "detail": str}. Requests go through django.test.Client, as
anonymous visitors over HTTPS on 127.0.0.1 (as `bench.run` builds its clients). The
database is left as it was: the import runs in a transaction that is rolled back.
"""

import re
import statistics
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from icalendar import Calendar, Event

from agenda.services.imports import create_source, import_calendar
from bench.targets import SEARCH_QUERY
from civic.people.models import Profile
from civic.territories.models import Territory

IMPORT_SIZE = 5_000
IMPORT_TITLES = [
    "Concert du conservatoire",
    "Atelier vélo",
    "Permanence du conseiller départemental",
    "Visite du patrimoine",
    "Loto de l'école",
    "Course solidaire",
    "Club de lecture",
    "Vide-greniers",
]
IMPORT_PLACES = [
    "Salle des fêtes, 1 place de l'Hôtel de Ville, 60000 Beauvais",
    "Médiathèque, 12 rue Gambetta, 60100 Creil",
    "Gymnase municipal, Compiègne",
    "Espace culturel, 60300 Senlis",
    "",
]


def portal_client():
    """A visitor of the portal as production serves it: on its host name, through TLS."""
    return Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")


def _get(client, path):
    """(seconds, response, body) for one GET, streamed bodies read to the end."""
    started = time.perf_counter()
    response = client.get(path, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return time.perf_counter() - started, response, body


def _size(body):
    return f"{len(body) / 1_000_000:.1f} MB" if len(body) >= 100_000 else f"{len(body)} bytes"


def _feed_detail(response, body, note):
    events = body.count(b"BEGIN:VEVENT")
    return f"HTTP {response.status_code}, {events} events, {_size(body)}, {note}"


# A cold feed is timed this many times, the cache emptied before each, and its median reported:
# on this 2-core machine one request varies by ±30% from the next.
COLD_FEED_RUNS = 5


def _cold(client, path, runs=COLD_FEED_RUNS):
    """(median seconds, slowest seconds, last response, its body), the cache emptied before each
    request, as after a restart: nothing but the database."""
    durations = []
    for _ in range(runs):
        cache.clear()
        seconds, response, body = _get(client, path)
        durations.append(seconds)
    return statistics.median(durations), max(durations), response, body


def _cold_detail(response, body, runs, slowest, note=""):
    where = f"{note}, " if note else ""
    return _feed_detail(
        response,
        body,
        f"{where}median of {runs}, cache emptied before each (slowest {slowest:.3f} s)",
    )


def time_feeds(runs=COLD_FEED_RUNS):
    client = portal_client()
    seconds, slowest, response, body = _cold(client, "/agenda/ical/", runs)
    figures = {
        "ical_feed_all": {
            "seconds": round(seconds, 3),
            "detail": _cold_detail(response, body, runs, slowest),
        }
    }
    seconds, response, body = _get(client, "/agenda/ical/")
    figures["ical_feed_all_warm"] = {
        "seconds": round(seconds, 3),
        "detail": _feed_detail(response, body, "second request"),
    }
    departement = Territory.objects.filter(kind="departement", code="60").first()
    commune = (
        Territory.objects.within(departement).communes().order_by("-population").first()
        if departement
        else None
    )
    if commune is not None:
        seconds, slowest, response, body = _cold(
            client, f"/agenda/ical/?territory={commune.pk}", runs
        )
        figures["ical_feed_commune"] = {
            "seconds": round(seconds, 3),
            "detail": _cold_detail(response, body, runs, slowest, commune.name),
        }
    return figures


def import_file(count=IMPORT_SIZE, *, now=None):
    """A .ics of `count` upcoming events, as a partner's calendar would export it."""
    now = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Parvis bench//Import//FR")
    calendar.add("version", "2.0")
    for n in range(count):
        starts = now + timedelta(days=1 + n % 150, hours=n % 9)
        event = Event()
        event.add("uid", f"import-bench-{n}@partenaire.example")
        event.add("dtstamp", now)
        event.add("summary", f"{IMPORT_TITLES[n % len(IMPORT_TITLES)]} n° {n}")
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(hours=2))
        if n % 10 == 0:
            event.add("rrule", {"freq": "weekly", "count": 8})
        event.add("description", "Ouvert à tous. Inscription conseillée auprès de l'accueil.")
        place = IMPORT_PLACES[n % len(IMPORT_PLACES)]
        if place:
            event.add("location", place)
        event.add("categories", ["Concert" if n % 2 else "Atelier"])
        event.add("url", f"https://partenaire.example/evenements/{n}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def time_import(count=IMPORT_SIZE):
    profile = (
        Profile.objects.filter(kind=Profile.Kind.ASSOCIATION, status=Profile.Status.VERIFIED)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if profile is None:
        return {"seconds": 0.0, "detail": "not measured: no verified association"}
    data = import_file(count)
    with transaction.atomic():
        source = create_source(owner=profile.user, name="Calendrier du banc d'essai")
        started = time.perf_counter()
        report = import_calendar(source=source, data=data)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # measured, not kept
    detail = (
        f"{count} events, {_size(data)}: {len(report.created)} created, "
        f"{len(report.refused)} refused{', error: ' + report.error if report.error else ''}; "
        "rolled back (the feeds' VEVENTs are the worker's, after commit)"
    )
    return {"seconds": round(seconds, 3), "detail": detail}


def time_search():
    client = portal_client()
    cache.clear()
    seconds, response, body = _get(client, f"/recherche/?{urlencode({'q': SEARCH_QUERY})}")
    text = body.decode(errors="replace")
    found = re.search(r"(\d[\d\s]*) résultats? pour", text)
    total = int(re.sub(r"\s", "", found.group(1))) if found else 0
    shown = text.count('class="search-result"')
    return {
        "seconds": round(seconds, 3),
        "detail": f"HTTP {response.status_code}, « {SEARCH_QUERY} »: {total} results, {shown} "
        f"shown, {_size(body)}, cache cleared first",
    }


def feature_timings(*, import_size=IMPORT_SIZE):
    figures = {}
    try:
        figures.update(time_feeds())
        figures["ical_import_5000"] = time_import(import_size)
    except ImportError as error:  # a build without the agenda
        figures["ical"] = {"seconds": 0.0, "detail": f"not measured: {error}"}
    figures["search_full"] = time_search()
    from bench.reports import time_report_creation

    figures["street_report_3_photos"] = time_report_creation()
    return figures
