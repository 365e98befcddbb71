"""iCalendar out: feeds and .ics files that independent software reads as the portal shows them."""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
import recurring_ical_events
import vobject
from agenda_factories import at, paris
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar, Timezone
from icalendar import Event as ICalEvent
from wagtail.models import Site

from agenda import ical
from agenda.models import Event, EventCategory, Occurrence, VEventText
from agenda.services.events import cancel_event, update_event
from agenda.services.imports import create_source, import_calendar, store_vevents
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.dialogue.services.groups import update_group
from civic.signals import announce_content_changed
from civic.territories.models import Territory
from civic.territories.settings import CivicSettings


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


def test_a_feed_with_a_parameter_the_agenda_does_not_know_says_so_instead_of_sending_everything(
    client, association, make_event, creil
):
    make_event(association, "Concert à Creil")
    unknown_place = client.get("/agenda/ical/", {"territory": 999_999_999})
    assert unknown_place.status_code == 400
    assert unknown_place["Content-Type"] == "text/plain; charset=utf-8"
    assert not unknown_place.has_header("ETag")
    text = unknown_place.content.decode()
    assert "Ce flux d'agenda ne peut pas être construit" in text
    assert "- Où (territory) : " in text
    assert b"Concert" not in unknown_place.content
    unknown_category = client.get("/agenda/ical/", {"category": "inexistante", "free": "on"})
    assert unknown_category.status_code == 400
    assert "category" in unknown_category.content.decode()
    assert "free" not in unknown_category.content.decode()
    assert client.get("/agenda/ical/", {"when": "jamais"}).status_code == 400
    organiser_feed = f"/agenda/organisateurs/{association.profile.pk}.ics"
    assert client.get(organiser_feed, {"territory": 999_999_999}).status_code == 400
    assert client.get(organiser_feed).status_code == 200


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


def _group_and_its_ride(association, make_event, creil):
    """The group « Vélo à Creil », animated by `association`, and the ride it organises."""

    theme = Theme.objects.first() or Theme.objects.create(name="Culture", slug="culture")
    group = CivicGroup.objects.create(
        name="Vélo à Creil", slug="velo-creil", description="x", theme=theme, territory=creil
    )
    Membership.objects.create(group=group, user=association, role=Membership.Role.ANIMATOR)
    ride = make_event(association, "Balade à vélo", organiser_kind="group", organiser_group=group)
    return group, ride


def test_organiser_and_group_feeds(client, association, other_association, make_event, creil):
    own = make_event(association, "Maraude solidaire")
    make_event(other_association, "Bal populaire")
    _, events = vevents(client.get(f"/agenda/organisateurs/{association.profile.pk}.ics").content)
    assert set(events) == {own.uid}
    group, ride = _group_and_its_ride(association, make_event, creil)
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


def feed_queries(client, path="/agenda/ical/", **params):
    """(response, its queries on the agenda's tables). Besides the portal's own (site, settings,
    which the portal may cache), a feed runs two: the agenda's state (ETag, Last-Modified: how
    many events, their last change and the organisers' last change, in one statement) and the
    events with their kept VEVENTs, whatever their number."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    return response, [q["sql"] for q in queries.captured_queries if "agenda_" in q["sql"]]


def test_the_feeds_time_zone_starts_with_the_local_year_of_its_first_event(
    client, association, make_event
):
    # 2030-12-31 23:30 in UTC: the year a subscriber's calendar sees is 2031.
    make_event(association, "Réveillon prolongé", starts_at=paris(2031, 1, 1, 0, 30))
    body = client.get("/agenda/ical/").content.decode()
    first_year = Timezone.from_tzid("Europe/Paris", first_date=date(2031, 1, 1))
    assert first_year.to_ical().decode() in body
    assert body.count("BEGIN:VTIMEZONE") == 1


def test_the_feed_runs_the_same_number_of_queries_for_3_or_60_events(
    client, association, make_event
):
    client.get("/agenda/ical/")
    for n in range(3):
        make_event(association, f"Petit {n}", days=n + 1)
    small, agenda = feed_queries(client)
    assert len(agenda) == 2
    for n in range(57):
        make_event(
            association,
            f"Grand {n}",
            days=n % 20 + 1,
            rrule="FREQ=WEEKLY;COUNT=3" if n % 5 == 0 else "",
        )
    large, agenda = feed_queries(client)
    assert len(agenda) == 2
    assert small.content.count(b"BEGIN:VEVENT") == 3
    assert large.content.count(b"BEGIN:VEVENT") == 60
    again, agenda = feed_queries(client, free="on")
    assert len(agenda) == 2
    assert again.content.count(b"BEGIN:VEVENT") == 60
    assert Occurrence.objects.count() > 60


def test_a_feed_of_part_of_the_agenda_reads_its_events_rows_and_matches_the_whole_agenda(
    client, association, make_event, oise
):
    for n in range(4):
        make_event(association, f"Atelier {n}", days=n + 1)
    whole, _queries = feed_queries(client)
    # Every event is in the Oise: the département's feed holds the same ones, kept by the end
    # of their last date, on their own row, without a look at the occurrences.
    departement, agenda = feed_queries(client, territory=oise.pk)
    assert "agenda_occurrence" not in agenda[-1]
    # The same calendar but for its name, which says the selection.
    assert (
        departement.content.split(b"BEGIN:VTIMEZONE")[1]
        == whole.content.split(b"BEGIN:VTIMEZONE")[1]
    )
    assert departement.content.count(b"BEGIN:VEVENT") == 4
    # A window with an end asks each of them for a date in it (EXISTS).
    today = timezone.localdate()
    two_days, agenda = feed_queries(
        client, territory=oise.pk, start=today, end=today + timedelta(days=2)
    )
    assert "EXISTS" in agenda[-1]
    assert two_days.content.count(b"BEGIN:VEVENT") == 2


def test_any_event_changed_renews_every_feeds_etag_and_an_unchanged_agenda_keeps_it(
    client, association, make_event, creil, beauvais
):
    in_creil = make_event(association, "Atelier à Creil")
    in_beauvais = make_event(association, "Atelier à Beauvais", commune=beauvais)
    etag = client.get("/agenda/ical/", {"territory": creil.pk})["ETag"]
    assert (
        client.get(
            "/agenda/ical/", {"territory": creil.pk}, headers={"if-none-match": etag}
        ).status_code
        == 304
    )
    update_event(event=in_beauvais, editor=association, title="Atelier déplacé")
    renewed = client.get("/agenda/ical/", {"territory": creil.pk}, headers={"if-none-match": etag})
    assert renewed.status_code == 200  # the same events, sent again: never a stale 304
    assert b"Atelier \xc3\xa0 Creil" in renewed.content
    in_creil.delete()
    emptied = client.get(
        "/agenda/ical/", {"territory": creil.pk}, headers={"if-none-match": renewed["ETag"]}
    )
    assert emptied.status_code == 200
    assert emptied.content.count(b"BEGIN:VEVENT") == 0


def test_events_written_in_bulk_get_their_vevent_from_the_first_feed_then_keep_it(
    client, association, make_event
):
    template = make_event(association, "Modèle")
    copies = [
        Event(
            title=f"Copie {n}",
            slug=f"copie-{n}",
            starts_at=template.starts_at + timedelta(days=n),
            ends_at=template.ends_at + timedelta(days=n),
            last_ends_at=template.ends_at + timedelta(days=n),
            commune=template.commune,
            category=template.category,
            organiser_profile=template.organiser_profile,
            status=Event.Status.PUBLISHED,
        )
        for n in range(40)
    ]
    Event.objects.bulk_create(copies)
    copies = list(Event.objects.filter(title__startswith="Copie "))
    Occurrence.objects.bulk_create(
        Occurrence(event=e, starts_at=e.starts_at, ends_at=e.ends_at) for e in copies
    )
    assert VEventText.objects.count() == 1
    first, agenda = feed_queries(client)
    # The 40 missing VEVENTs: built from the events loaded at once, kept in one statement.
    assert len(agenda) == 2 + 2
    assert agenda[-1].startswith('INSERT INTO "agenda_veventtext"')
    assert first.content.count(b"BEGIN:VEVENT") == 41
    assert VEventText.objects.count() == 41
    cache.clear()  # as after a restart
    second, agenda = feed_queries(client)
    assert len(agenda) == 2
    assert second.content == first.content


def test_the_feed_is_the_same_from_kept_vevents_as_built_from_scratch(
    client, association, other_association, make_event, beauvais
):
    make_event(association, "Conférence sur la forêt", commune=beauvais, description="<p>x</p>")
    make_event(
        association,
        "Repair café",
        starts_at=at(2, 14),
        ends_at=at(2, 18),
        rrule="FREQ=MONTHLY;BYDAY=2SA",
        exdates=[at(30, 14).isoformat()],
    )
    make_event(other_association, "Fête", starts_at=at(5, 0), ends_at=at(7, 0), all_day=True)
    kept = client.get("/agenda/ical/").content
    events = Event.objects.with_related().order_by("starts_at", "pk")
    built = ical.to_ics(
        list(events),
        name="Agenda — Département de l'Oise",
        base_url="http://testserver",
        council_name="Département de l'Oise",
    )
    assert kept == built
    assert all(len(line) <= 75 for line in kept.split(b"\r\n"))


def test_an_edit_outside_the_services_is_in_the_feed_at_once(client, association, published):
    before = client.get("/agenda/ical/").content
    assert b"Concert de printemps" in before
    # As the Wagtail admin or a shell would: a plain save.
    published.title = "Concert d'été"
    published.save()
    _, events = vevents(client.get("/agenda/ical/").content)
    assert events[published.uid].summary.value == "Concert d'été"
    assert VEventText.objects.get(event=published).text.count("Concert d'été") == 1


def test_editing_or_cancelling_an_event_rewrites_its_vevent(client, association, published):
    client.get("/agenda/ical/")
    update_event(event=published, editor=association, venue_name="Salle Dullin")
    kept = VEventText.objects.get(event=published)
    assert "Salle Dullin" in kept.text
    _, events = vevents(client.get("/agenda/ical/").content)
    assert events[published.uid].location.value.startswith("Salle Dullin")
    cancel_event(event=published, editor=association, reason="Intempéries")
    assert "STATUS:CANCELLED" in VEventText.objects.get(event=published).text
    _, events = vevents(client.get("/agenda/ical/").content)
    assert events[published.uid].status.value == "CANCELLED"
    assert events[published.uid].sequence.value == "2"


def _asked_again(client, path, earlier):
    """The feed as a calendar asks for it again: « changed since this version? »."""
    return client.get(
        path,
        headers={"if-none-match": earlier["ETag"], "if-modified-since": earlier["Last-Modified"]},
    )


def test_a_renamed_category_shows_in_the_feed_at_once(client, association, published):
    # Renaming touches no event, yet a calendar asking whether the feed changed gets it again.
    earlier = client.get("/agenda/ical/")
    assert _asked_again(client, "/agenda/ical/", earlier).status_code == 304
    category = EventCategory.objects.get(pk=published.category_id)
    category.name = "Musique"
    category.save()
    renamed = _asked_again(client, "/agenda/ical/", earlier)
    assert renamed.status_code == 200
    assert vevents(renamed.content)[1][published.uid].categories.value == ["Musique"]


def _rename_by_saving(commune):
    commune.name = "Creil-sur-Oise"
    commune.save()


def _rename_in_bulk(commune):
    # As the territories' reload writes them: in bulk with their moment of change, then one
    # announcement.
    Territory.objects.filter(pk=commune.pk).update(name="Creil-sur-Oise", updated_at=timezone.now())
    announce_content_changed(Territory)


@pytest.mark.parametrize("rename", [_rename_by_saving, _rename_in_bulk], ids=["saved", "reloaded"])
def test_a_renamed_commune_shows_in_the_feed_at_once(client, association, published, creil, rename):
    earlier = client.get("/agenda/ical/")
    rename(creil)
    moved = _asked_again(client, "/agenda/ical/", earlier)
    assert moved.status_code == 200
    assert vevents(moved.content)[1][published.uid].location.value.endswith("Creil-sur-Oise")


def test_a_feed_asked_only_whether_modified_since_sees_a_rename(client, association, published):
    earlier = client.get("/agenda/ical/")
    since = {"if-modified-since": earlier["Last-Modified"]}
    assert client.get("/agenda/ical/", headers=since).status_code == 304
    category = EventCategory.objects.get(pk=published.category_id)
    category.name = "Musique"
    # HTTP dates count whole seconds: the rename happens in a later one.
    an_hour_later = timezone.now() + timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=an_hour_later):
        category.save()
    renamed = client.get("/agenda/ical/", headers=since)
    assert renamed.status_code == 200
    assert renamed["Last-Modified"] == http_date(an_hour_later.timestamp())
    assert vevents(renamed.content)[1][published.uid].categories.value == ["Musique"]


def test_a_groups_description_edited_does_not_send_every_calendar_its_feed_again(
    client, association, make_event, creil
):
    group, _ride = _group_and_its_ride(association, make_event, creil)
    earlier = client.get("/agenda/ical/")
    update_group(user=association, group=group, description="Sorties le samedi.", rules_text="")
    assert _asked_again(client, "/agenda/ical/", earlier).status_code == 304


def test_a_cache_emptied_keeps_the_etag_which_follows_the_data(client, published):
    first = client.get("/agenda/ical/")
    cache.clear()  # as after a restart: calendars are not all sent their feed again
    again = client.get("/agenda/ical/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_a_renamed_group_shows_in_its_feed_and_the_agendas_at_once(
    client, association, make_event, creil
):
    group, ride = _group_and_its_ride(association, make_event, creil)
    own_path, agenda_path = f"/agenda/groupes/{group.pk}.ics", "/agenda/ical/"
    own, agenda = client.get(own_path), client.get(agenda_path)
    group.name = "Creil à vélo"  # as the administration renames it
    group.save()
    for path, earlier in ((own_path, own), (agenda_path, agenda)):
        renamed = _asked_again(client, path, earlier)
        assert renamed.status_code == 200
        calendar, events = vevents(renamed.content)
        assert events[ride.uid].organizer.params["CN"] == ["Creil à vélo"]
        if path == own_path:
            assert "Creil à vélo" in calendar.contents["x-wr-calname"][0].value


def test_the_councils_new_name_shows_in_the_feed_at_once(client, roles, make_event):
    council = make_event(roles["communication"], "Vœux du Département", organiser_kind="council")
    earlier = client.get("/agenda/ical/")
    settings = CivicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.authority_name = "Conseil départemental de l'Oise"
    # HTTP dates count whole seconds: the rename happens in a later one.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=1)):
        settings.save()
    for headers in (
        {"if-none-match": earlier["ETag"]},
        {"if-modified-since": earlier["Last-Modified"]},
    ):
        renamed = client.get("/agenda/ical/", headers=headers)
        assert renamed.status_code == 200
        calendar, events = vevents(renamed.content)
        assert events[council.uid].organizer.params["CN"] == ["Conseil départemental de l'Oise"]
        assert calendar.contents["x-wr-calname"][0].value.endswith(
            "Conseil départemental de l'Oise"
        )


def test_the_same_kept_vevent_serves_every_host_with_its_own_addresses(client, published):
    ours = vevents(client.get("/agenda/ical/").content)[1][published.uid]
    other = vevents(client.get("/agenda/ical/", headers={"host": "agenda.example.fr"}).content)[1]
    assert ours.url.value == f"http://testserver{published.get_absolute_url()}"
    assert other[published.uid].url.value == (
        f"http://agenda.example.fr{published.get_absolute_url()}"
    )
    assert other[published.uid].organizer.value.startswith("http://agenda.example.fr/")
    assert VEventText.objects.count() == 1


def test_an_import_leaves_its_vevents_to_the_worker_and_the_feed_needs_none_after_it(
    client, other_association, django_capture_on_commit_callbacks
):
    source = create_source(owner=other_association, name="Partenaire")
    calendar = Calendar()
    calendar.add("prodid", "-//Test//FR")
    calendar.add("version", "2.0")
    for n in range(3):
        component = ICalEvent()
        component.add("uid", f"partenaire-{n}@example.org")
        component.add("summary", f"Atelier {n}")
        component.add("dtstart", at(n + 1, 14))
        component.add("dtend", at(n + 1, 16))
        calendar.add_component(component)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_calendar(source=source, data=calendar.to_ical())
    assert len(report.created) == 3
    assert not VEventText.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "agenda.services.imports.store_vevents"
    assert sorted(queued.args_kwargs["args"][0]) == sorted(
        Event.objects.filter(source=source).values_list("pk", flat=True)
    )
    # What the worker runs:
    assert store_vevents.call(*queued.args_kwargs["args"]) == 3
    response, agenda = feed_queries(client)
    assert len(agenda) == 2
    assert response.content.count(b"BEGIN:VEVENT") == 3


def test_the_daily_command_builds_missing_vevents(association, published):
    VEventText.objects.all().delete()
    out = StringIO()
    call_command("refresh_calendars", stdout=out)
    assert "flux iCalendar : 1." in out.getvalue()
    assert VEventText.objects.get(event=published).event_updated_at == published.updated_at


def test_a_feed_that_cannot_keep_its_vevents_is_served_all_the_same(client, published, monkeypatch):
    VEventText.objects.all().delete()

    def locked(pks):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ical, "store_vevents_of", locked)
    _, events = vevents(client.get("/agenda/ical/").content)
    assert events[published.uid].summary.value == "Concert de printemps"
    assert not VEventText.objects.exists()


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
