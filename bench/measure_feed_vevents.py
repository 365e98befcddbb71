"""Time a commune's feed and the whole agenda's, with and without the stored VEVENTs.

Run against a scratch database (it fills an empty one with EVENTS events the first time):

    DATABASE_URL=sqlite:////tmp/parvis_feeds.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/parvis_feeds.sqlite3 .venv/bin/python manage.py shell \
        < bench/measure_feed_vevents.py

« stored » is what the feeds do (agenda.ical.to_ics given the queryset: the kept VEVENTs);
« built » is the same feed with every VEVENT serialised by icalendar at the request (to_ics given
the events, loaded with their category, commune and organiser). Rounds alternate the two.
"""

import statistics
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agenda import ical
from agenda.models import Event, EventCategory
from civic.territories.models import Territory

EVENTS, COMMUNES, ORGANISERS, BIG_COMMUNE_SHARE, ROUNDS = 30_000, 40, 400, 15, 5


def seed():
    now = timezone.now()
    communes = [
        Territory.objects.create(
            kind="commune", code=f"99{n:03d}", name=f"Commune {n}", slug=f"commune-{n}"
        )
        for n in range(COMMUNES)
    ]
    categories = [
        EventCategory.objects.get_or_create(slug=f"cat-{n}", defaults={"name": f"Catégorie {n}"})[0]
        for n in range(8)
    ]
    users = [
        get_user_model().objects.create(username=f"asso{n}", email=f"asso{n}@exemple.fr")
        for n in range(ORGANISERS)
    ]
    events = []
    for n in range(EVENTS):
        starts = now + timedelta(days=n % 120, hours=n % 9)
        big = n % 100 < 100 // BIG_COMMUNE_SHARE  # ~7% in the first commune, as a town
        events.append(
            Event(
                title=f"Atelier de réparation de vélos et fête de quartier n° {n}",
                slug=f"atelier-{n}",
                description="<p>Ouvert à toutes et à tous, entrée libre. Venez nombreux !</p>",
                category=categories[n % len(categories)],
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                last_ends_at=starts + timedelta(hours=2),
                rrule="FREQ=WEEKLY;COUNT=12" if n % 10 == 0 else "",
                venue_name="Salle des fêtes",
                venue_address="Place de la Mairie",
                commune=communes[0] if big else communes[1 + n % (COMMUNES - 1)],
                organiser_kind=Event.OrganiserKind.PROFILE,
                organiser_profile=users[n % ORGANISERS].profile,
                status=Event.Status.PUBLISHED,
            )
        )
    with transaction.atomic():
        Event.objects.bulk_create(events, batch_size=1000)
        ical.store_vevents_of(Event.objects.values_list("pk", flat=True))


def stored(events):
    return ical.to_ics(events, name="x", base_url="https://x.fr", council_name="CD")


def built(events):
    loaded = events.select_related("category", "commune", "organiser_profile", "organiser_group")
    return ical.to_ics(list(loaded), name="x", base_url="https://x.fr", council_name="CD")


if not Event.objects.exists():
    seed()
commune = Territory.objects.get(code="99000")
feeds = {
    "commune": Event.objects.public().filter(commune=commune).order_by("starts_at", "pk"),
    "agenda": Event.objects.public().order_by("starts_at", "pk"),
}
for feed, events in feeds.items():
    assert stored(events) == built(events)
    times = {"stored": [], "built": []}
    for _round in range(ROUNDS):
        for variant, function in (("stored", stored), ("built", built)):
            start = time.perf_counter()
            function(events)
            times[variant].append(time.perf_counter() - start)
    print(
        f"{feed}: {events.count()} events, "
        + ", ".join(f"{k} {statistics.median(v) * 1000:.0f} ms" for k, v in times.items())
    )
