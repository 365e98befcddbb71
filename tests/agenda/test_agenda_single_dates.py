"""One date at a time: a single date of a recurring event cancelled, moved or held elsewhere,
then restored; the feed overrides it with RECURRENCE-ID (read by three independent parsers);
and a cancelled event restored."""

import html
from datetime import timedelta

import pytest
import recurring_ical_events
import vobject
from agenda_factories import paris
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from agenda import permissions
from agenda.models import DateChange, Event, Occurrence, Registration
from agenda.services import dates as services
from agenda.services import registrations
from agenda.services.events import cancel_event
from agenda.services.registrations import date_key


@pytest.fixture
def market(make_event, association):
    """A weekly market, Tuesdays 14 h – 17 h, ten weeks from next week."""
    start = timezone.localtime(timezone.now()).replace(hour=14, minute=0, second=0, microsecond=0)
    start += timedelta(days=7 + (1 - start.weekday()) % 7)
    return make_event(
        association,
        "Marché du mardi",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rrule="FREQ=WEEKLY;COUNT=10",
        venue_name="Place du marché",
    )


def dates_of(event):
    return list(
        Occurrence.objects.filter(event=event)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )


def feed(client, event):
    return client.get(f"/agenda/organisateurs/{event.organiser_profile_id}.ics").content


def test_cancelling_one_date_writes_an_overriding_vevent_read_alike_by_three_parsers(
    client, market, association
):
    third = dates_of(market)[2]
    services.change_date(event=market, editor=association, recurrence_id=third, cancel=True)
    content = feed(client, market)

    # icalendar: the master and one override, same UID, the date CANCELLED.
    vevents = Calendar.from_ical(content).walk("VEVENT")
    assert len(vevents) == 2
    override = next(v for v in vevents if "RECURRENCE-ID" in v)
    master = next(v for v in vevents if "RRULE" in v)
    assert override["UID"] == master["UID"] == market.uid
    assert override.decoded("RECURRENCE-ID") == third
    assert override["STATUS"] == "CANCELLED" and master["STATUS"] == "CONFIRMED"

    # vobject, written independently.
    calendar = vobject.readOne(content.decode())
    parsed = [v for v in calendar.vevent_list if hasattr(v, "recurrence_id")]
    assert len(parsed) == 1
    assert parsed[0].recurrence_id.value == third
    assert parsed[0].status.value == "CANCELLED"

    # recurring-ical-events expands the series with the override in place of the rule's date.
    start = dates_of(market)[0] - timedelta(days=1)
    instances = recurring_ical_events.of(Calendar.from_ical(content)).between(
        start, start + timedelta(days=80)
    )
    statuses = {i.decoded("DTSTART"): str(i.get("STATUS")) for i in instances}
    assert len(statuses) == 10
    assert statuses[third] == "CANCELLED"
    assert list(statuses.values()).count("CANCELLED") == 1


def test_a_cancelled_date_is_shown_cancelled_then_restored_everywhere(client, market, association):
    third = dates_of(market)[2]
    services.change_date(event=market, editor=association, recurrence_id=third, cancel=True)
    page = client.get(market.get_absolute_url()).content.decode()
    assert "<del>" in page and "Annulé" in page
    assert "sauf le" in page
    services.restore_date(event=market, editor=association, recurrence_id=third)
    assert not DateChange.objects.exists()
    content = feed(client, market)
    assert b"RECURRENCE-ID" not in content
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 1
    assert "sauf le" not in client.get(market.get_absolute_url()).content.decode()


def test_moving_one_date_and_holding_it_elsewhere_is_written_in_the_feed_and_the_agenda(
    client, market, association
):
    second = dates_of(market)[1]
    moved = second + timedelta(days=1, hours=1)
    services.change_date(
        event=market,
        editor=association,
        recurrence_id=second,
        starts_at=moved,
        ends_at=moved + timedelta(hours=2),
        venue_name="Salle des fêtes",
    )
    assert moved in dates_of(market) and second not in dates_of(market)
    [override] = [
        v for v in Calendar.from_ical(feed(client, market)).walk("VEVENT") if "RECURRENCE-ID" in v
    ]
    assert override.decoded("RECURRENCE-ID") == second
    assert override.decoded("DTSTART") == moved
    assert "Salle des fêtes" in str(override["LOCATION"])
    page = client.get("/agenda/").content.decode()
    assert "Salle des fêtes" in page


def test_the_organiser_changes_a_date_from_the_page_and_a_past_date_is_refused_in_french(
    client, market, association
):
    client.force_login(association)
    first = dates_of(market)[0]
    url = f"/agenda/evenement/{market.pk}/dates/{date_key(first)}/"
    assert "Changer cette date" in client.get(market.get_absolute_url()).content.decode()
    response = client.post(url, {"action": "cancel", "reason": "Travaux sur la place"})
    assert response.status_code == 302
    assert Occurrence.objects.get(event=market, starts_at=first).cancelled
    # A past date: the service refuses it, and says why.
    Event.objects.filter(pk=market.pk).update(starts_at=first - timedelta(days=14))
    market.refresh_from_db()
    past = market.starts_at
    with pytest.raises(services.DateChangeError, match="Cette date est passée"):
        services.change_date(event=market, editor=association, recurrence_id=past, cancel=True)


def test_a_move_without_its_times_keeps_what_was_typed_and_says_why(client, market, association):
    client.force_login(association)
    first = dates_of(market)[0]
    response = client.post(
        f"/agenda/evenement/{market.pk}/dates/{date_key(first)}/",
        {"action": "change", "venue_name": "Gymnase Jean-Moulin", "day": "", "start": ""},
    )
    page = html.unescape(response.content.decode())
    assert "Indiquez la date, l'heure de début et l'heure de fin" in page
    assert 'value="Gymnase Jean-Moulin"' in page
    assert not DateChange.objects.exists()


def test_registrations_follow_a_moved_date_and_are_cancelled_with_a_cancelled_date(
    market, association, roles, mailoutbox, django_capture_on_commit_callbacks
):
    registrations.open_registrations(event=market, editor=association, capacity=5)
    first, second = dates_of(market)[:2]
    r1 = registrations.register_member(event=market, date=first, user=roles["citizen"])
    r2 = registrations.register_member(event=market, date=second, user=roles["citizen"])
    moved = first + timedelta(hours=2)
    services.change_date(
        event=market,
        editor=association,
        recurrence_id=first,
        starts_at=moved,
        ends_at=moved + timedelta(hours=1),
    )
    r1.refresh_from_db()
    assert r1.date == moved and r1.status == Registration.Status.REGISTERED
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_date(event=market, editor=association, recurrence_id=second, cancel=True)
    r2.refresh_from_db()
    assert r2.status == Registration.Status.CANCELLED
    assert "Date annulée" in mailoutbox[0].subject


def test_the_recurrence_is_worded_in_natural_french_with_its_exceptions(
    client, make_event, association
):
    year = timezone.localdate().year + 1
    first_tuesday = 1 + (1 - paris(year, 1, 1).weekday()) % 7
    start = paris(year, 1, first_tuesday, 14, 0)
    event = make_event(
        association,
        "Atelier tricot",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rrule=f"FREQ=WEEKLY;UNTIL={year}0330T215959Z;BYDAY=TU",
        exdates=[(start + timedelta(weeks=6)).isoformat()],
    )
    services.change_date(
        event=event, editor=association, recurrence_id=start + timedelta(weeks=1), cancel=True
    )
    page = html.unescape(client.get(event.get_absolute_url()).content.decode())
    cancelled = first_tuesday + 7
    excluded = date_format(start + timedelta(weeks=6), "j F")
    assert (
        f"Tous les mardis de 14 h à 17 h, jusqu'au 30 mars {year}, sauf le {cancelled} janvier "
        f"et le {excluded}" in page
    )


def test_a_cancelled_event_can_be_restored_and_its_edit_page_says_so_instead_of_a_bare_403(
    client, published, association, other_association
):
    cancel_event(event=published, editor=association, reason="Intempéries")
    client.force_login(association)
    response = client.get(f"/agenda/evenement/{published.pk}/modifier/")
    assert response.status_code == 200
    assert "Rétablir l'événement" in html.unescape(response.content.decode())
    client.force_login(other_association)
    assert client.post(f"/agenda/evenement/{published.pk}/retablir/").status_code == 403
    client.force_login(association)
    client.post(f"/agenda/evenement/{published.pk}/retablir/")
    published.refresh_from_db()
    assert published.status == Event.Status.PUBLISHED and not published.cancellation_reason
    assert published.changes.first().action == "restored"
    assert client.get(f"/agenda/evenement/{published.pk}/modifier/").status_code == 200
    [vevent] = Calendar.from_ical(client.get(published.get_ics_url()).content).walk("VEVENT")
    assert vevent["STATUS"] == "CONFIRMED"


def test_a_cancelled_event_without_a_date_to_come_cannot_be_restored_and_says_why(
    client, published, association
):
    cancel_event(event=published, editor=association)
    Event.objects.filter(pk=published.pk).update(last_ends_at=timezone.now() - timedelta(days=1))
    client.force_login(association)
    response = client.get(f"/agenda/evenement/{published.pk}/modifier/")
    assert response.status_code == 403
    assert "ne peut plus être rétabli" in response.content.decode()


CHANGE_DATE_ROLES = {"verified_association", "moderator"}


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "unconfirmed",
        "citizen",
        "pending_association",
        "verified_association",
        "verified_elected",
        "moderator",
        "communication",
    ],
)
def test_each_role_changes_a_single_date_or_restores_exactly_as_the_matrix_says(
    roles, market, role
):
    from django.contrib.auth.models import AnonymousUser

    user = roles[role] or AnonymousUser()
    assert permissions.can_change_single_date(user, market) is (role in CHANGE_DATE_ROLES)
    cancel_event(event=market, editor=roles["verified_association"])
    market.refresh_from_db()
    assert permissions.can_restore_event(user, market) is (role in CHANGE_DATE_ROLES)
