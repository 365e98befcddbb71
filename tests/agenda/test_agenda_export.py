"""iCalendar out: feeds and .ics files that independent software reads as the portal shows them."""

from datetime import timedelta

import pytest
import recurring_ical_events
import vobject
from agenda_factories import at
from django.utils import timezone
from icalendar import Calendar

from agenda.models import Event, EventCategory, Occurrence
from agenda.services.events import cancel_event, update_event
from agenda.services.imports import create_source, import_calendar


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def vevents(content):
    """The VEVENTs as vobject (not icalendar, which wrote them) reads them."""
    calendar = vobject.readOne(content.decode())
    return calendar, {str(v.uid.value): v for v in calendar.contents.get("vevent", [])}


def test_a_feed_event_carries_everything_calendar_software_needs(
    client, association, make_event, beauvais
):
    event = make_event(
        association,
        "Concert « Jazz & Swing »",
        description="<p>Avec le <b>big band</b> de Creil.</p>",
        venue_name="Salle de la Manufacture",
        venue_address="1 rue de la Faïencerie",
    )
    response = client.get("/agenda/ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = vevents(response.content)
    assert str(calendar.vtimezone.tzid.value) == "Europe/Paris"
    vevent = events[event.uid]
    assert event.uid.endswith("@127.0.0.1") or "@" in event.uid
    assert vevent.summary.value == "Concert « Jazz & Swing »"
    assert vevent.dtstart.value == timezone.localtime(event.starts_at)
    assert f"DTSTART;TZID=Europe/Paris:{timezone.localtime(event.starts_at):%Y%m%dT%H%M%S}" in (
        response.content.decode()
    )
    assert vevent.dtend.value == event.ends_at
    assert vevent.sequence.value == "0"
    assert vevent.status.value == "CONFIRMED"
    assert vevent.location.value == "Salle de la Manufacture, 1 rue de la Faïencerie, Creil"
    assert vevent.categories.value == ["Concert"]
    assert vevent.description.value == "Avec le big band de Creil."
    assert vevent.url.value == f"http://testserver{event.get_absolute_url()}"
    assert vevent.organizer.params["CN"] == ["Creil Solidarité"]
    assert vevent.organizer.value == (f"http://testserver/profils/{association.profile.pk}/")
    # iCalendar times have a resolution of one second.
    assert vevent.dtstamp.value == event.updated_at.replace(microsecond=0)
    assert vevent.last_modified.value == event.updated_at.replace(microsecond=0)


def test_uids_are_stable_and_unique_across_portals(association, make_event):
    first = make_event(association, "Un")
    second = make_event(association, "Deux")
    assert first.uid != second.uid
    assert first.uid.split("@")[1] == "127.0.0.1"  # this portal's host (BASE_URL)
    assert str(first.pk) not in first.uid.split("@")[0].split("-")
    update_event(event=first, editor=association, title="Un, modifié")
    first.refresh_from_db()
    assert first.uid.startswith(first.uid.split("@")[0])


def test_each_change_increments_the_sequence_and_cancelling_says_cancelled(
    client, association, published
):
    update_event(event=published, editor=association, title="Concert reporté en salle")
    update_event(event=published, editor=association, venue_name="Salle Dullin")
    cancel_event(event=published, editor=association, reason="Intempéries")
    _, events = vevents(client.get("/agenda/ical/").content)
    vevent = events[published.uid]
    assert vevent.sequence.value == "3"
    assert vevent.status.value == "CANCELLED"
    assert vevent.summary.value == "Annulé : Concert reporté en salle"


def test_the_feed_carries_the_master_event_and_its_rule_not_the_occurrences(
    client, association, make_event
):
    market = make_event(
        association,
        "Marché de Beauvais",
        starts_at=at(1, 8),
        ends_at=at(1, 13),
        rrule="FREQ=WEEKLY",
        exdates=[at(15, 8).isoformat()],
    )
    content = client.get("/agenda/ical/").content
    _, events = vevents(content)
    assert len(events) == 1
    vevent = events[market.uid]
    assert vevent.rrule.value.startswith("FREQ=WEEKLY")
    assert vevent.exdate.value == [timezone.localtime(at(15, 8))]
    # An independent expansion of the exported feed gives exactly the portal's occurrences.
    calendar = Calendar.from_ical(content)
    horizon_end = market.occurrences.order_by("-starts_at").first().ends_at
    found = recurring_ical_events.of(calendar).between(at(0, 0), horizon_end)
    assert sorted(c["DTSTART"].dt for c in found) == list(
        market.occurrences.order_by("starts_at").values_list("starts_at", flat=True)
    )
    vobject_dates = list(vevent.getrruleset(addRDate=True).between(at(0, 0), at(30, 0)))
    assert [d.astimezone() for d in vobject_dates] == [
        o.starts_at.astimezone()
        for o in market.occurrences.filter(starts_at__lt=at(30, 0)).order_by("starts_at")
    ]


def test_all_day_and_multi_day_events_are_exported_as_dates(client, association, make_event):
    festival = make_event(
        association,
        "Festival des Forêts",
        starts_at=at(10, 0),
        ends_at=at(13, 0),
        all_day=True,
    )
    _, events = vevents(client.get("/agenda/ical/").content)
    vevent = events[festival.uid]
    first = timezone.localdate() + timedelta(days=10)
    assert vevent.dtstart.value == first
    assert vevent.dtend.value == first + timedelta(days=3)


def test_the_feed_takes_the_same_filters_as_the_agenda(
    client, association, make_event, beauvais, creil
):
    concert = make_event(association, "Concert à Creil")
    expo = make_event(
        association,
        "Exposition à Beauvais",
        category=EventCategory.objects.get(slug="exposition"),
        commune=beauvais,
    )
    far = make_event(association, "Concert dans deux mois", days=60)
    _, by_category = vevents(client.get("/agenda/ical/", {"category": "exposition"}).content)
    assert set(by_category) == {expo.uid}
    epci = creil.ancestors().get(kind="epci")
    _, by_place = vevents(client.get("/agenda/ical/", {"territory": epci.pk}).content)
    assert set(by_place) == {concert.uid, far.uid}
    _, this_week = vevents(client.get("/agenda/ical/", {"when": "week"}).content)
    assert far.uid not in this_week


def test_past_events_of_the_last_month_stay_in_the_feed(client, association, make_event):
    recent = make_event(association, "Hier", starts_at=at(-1), ends_at=at(-1, 22))
    old = make_event(association, "Il y a deux mois", starts_at=at(-60), ends_at=at(-60, 22))
    _, events = vevents(client.get("/agenda/ical/").content)
    assert recent.uid in events
    assert old.uid not in events
    assert recent.uid not in [o.event.uid for o in client.get("/agenda/").context["occurrences"]]


def test_drafts_and_submitted_events_are_never_in_a_feed(client, roles, make_event):
    draft = make_event(roles["verified_association"], "Brouillon", submit=False)
    submitted = make_event(roles["citizen"], "Proposé")
    assert draft.status == Event.Status.DRAFT
    assert submitted.status == Event.Status.SUBMITTED
    content = client.get("/agenda/ical/").content
    assert b"Brouillon" not in content
    assert b"Propos" not in content


def test_the_feed_answers_conditional_requests(client, association, published):
    first = client.get("/agenda/ical/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/agenda/ical/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/agenda/ical/", headers={"if-modified-since": modified}).status_code == 304
    other_filter = client.get(
        "/agenda/ical/", {"category": "concert"}, headers={"if-none-match": etag}
    )
    assert other_filter.status_code == 200
    update_event(event=published, editor=association, title="Concert déplacé")
    changed = client.get("/agenda/ical/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"Concert d\xc3\xa9plac\xc3\xa9" in changed.content


def test_organiser_and_group_feeds(client, association, other_association, make_event, creil):
    from civic.models import CivicGroup, Membership, Theme

    own = make_event(association, "Maraude solidaire")
    make_event(other_association, "Bal populaire")
    _, events = vevents(client.get(f"/agenda/organisateurs/{association.profile.pk}.ics").content)
    assert set(events) == {own.uid}
    theme = Theme.objects.first() or Theme.objects.create(name="Culture", slug="culture")
    group = CivicGroup.objects.create(
        name="Vélo à Creil", slug="velo-creil", description="x", theme=theme, territory=creil
    )
    Membership.objects.create(group=group, user=association, role=Membership.Role.ANIMATOR)
    ride = make_event(association, "Balade à vélo", organiser_kind="group", organiser_group=group)
    calendar, events = vevents(client.get(f"/agenda/groupes/{group.pk}.ics").content)
    assert set(events) == {ride.uid}
    assert events[ride.uid].organizer.params["CN"] == ["Vélo à Creil"]
    assert "Vélo à Creil" in calendar.contents["x-wr-calname"][0].value


def test_add_to_my_calendar_downloads_one_event(client, published):
    response = client.get(published.get_ics_url())
    assert response["Content-Disposition"] == 'attachment; filename="concert-de-printemps.ics"'
    _, events = vevents(response.content)
    assert list(events) == [published.uid]


def test_export_then_import_elsewhere_gives_the_same_events_and_occurrences(
    client, association, other_association, make_event, beauvais
):
    make_event(association, "Conférence sur la forêt", commune=beauvais)
    make_event(
        association,
        "Repair café",
        starts_at=at(2, 14),
        ends_at=at(2, 18),
        rrule="FREQ=MONTHLY;BYDAY=2SA",
    )
    make_event(
        association, "Fête de la Saint-Jean", starts_at=at(5, 0), ends_at=at(7, 0), all_day=True
    )
    exported = client.get("/agenda/ical/").content
    before = {
        e.title: (
            e.starts_at,
            e.ends_at,
            e.all_day,
            e.rrule,
            sorted(e.occurrences.values_list("starts_at", flat=True)),
        )
        for e in Event.objects.all()
    }
    # « Elsewhere »: the same calendar, once the original events are gone.
    Event.objects.all().delete()
    source = create_source(owner=other_association, name="Agenda exporté")
    report = import_calendar(source=source, data=exported)
    assert len(report.created) == 3, report.as_dict()
    after = {
        e.title: (
            e.starts_at,
            e.ends_at,
            e.all_day,
            e.rrule,
            sorted(e.occurrences.values_list("starts_at", flat=True)),
        )
        for e in Event.objects.all()
    }
    assert after == before
    assert Event.objects.get(title="Conférence sur la forêt").commune == beauvais


# The site, its portal settings and their territory (the filters' root), the feed's aggregate
# (ETag and Last-Modified, computed once), the events' versions (the cache keys of their
# VEVENTs), then the events whose VEVENT is not cached yet, with their related rows (one query
# per 900 events).
FEED_QUERIES = 6


def test_the_feed_runs_the_same_number_of_queries_for_3_or_60_events(
    client, association, make_event, django_assert_num_queries
):
    client.get("/agenda/ical/")
    for n in range(3):
        make_event(association, f"Petit {n}", days=n + 1)
    with django_assert_num_queries(FEED_QUERIES):
        small = client.get("/agenda/ical/")
    for n in range(57):
        make_event(
            association,
            f"Grand {n}",
            days=n % 20 + 1,
            rrule="FREQ=WEEKLY;COUNT=3" if n % 5 == 0 else "",
        )
    with django_assert_num_queries(FEED_QUERIES):
        large = client.get("/agenda/ical/")
    assert small.content.count(b"BEGIN:VEVENT") == 3
    assert large.content.count(b"BEGIN:VEVENT") == 60
    # Another selection of the same events: every VEVENT comes from the cache.
    with django_assert_num_queries(FEED_QUERIES - 1):
        again = client.get("/agenda/ical/", {"free": "on"})
    assert again.content.count(b"BEGIN:VEVENT") == 60
    assert Occurrence.objects.count() > 60


def test_council_events_are_organised_by_the_portals_authority(client, roles, make_event):
    council = make_event(roles["communication"], "Vœux du Département", organiser_kind="council")
    _, events = vevents(client.get("/agenda/ical/").content)
    assert events[council.uid].organizer.params["CN"] == ["Département de l'Oise"]
    calendar = vobject.readOne(client.get("/agenda/ical/").content.decode())
    assert calendar.contents["x-wr-calname"][0].value == "Agenda — Département de l'Oise"


def test_a_renamed_organiser_shows_in_the_feed_at_once(client, association, published):
    etag = client.get("/agenda/ical/")["ETag"]
    profile = association.profile
    profile.organisation_name = "Creil Solidarité et Partage"
    profile.save()
    response = client.get("/agenda/ical/", headers={"if-none-match": etag})
    assert response.status_code == 200
    _, events = vevents(response.content)
    assert events[published.uid].organizer.params["CN"] == ["Creil Solidarité et Partage"]
