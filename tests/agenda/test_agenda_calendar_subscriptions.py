"""Calendars people subscribe to: subscribe links, feed names saying the selection, prices not
invented, failed imports not kept for ever, failing subscriptions paused."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from test_agenda_subscriptions import Handler, server  # noqa: F401  (the local calendar server)

from agenda.models import CalendarSource, Event, EventCategory
from agenda.services.imports import (
    create_source,
    forget_failed_first_imports,
    import_calendar,
    refresh_source,
)


@pytest.fixture(autouse=True)
def local_server_allowed(settings, portal_territory):
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.AGENDA_FETCH_TIMEOUT = 0.5


def test_the_agenda_offers_webcal_google_outlook_and_apple_links_that_call_no_one_until_clicked(
    client, creil, published
):
    page = html.unescape(client.get("/agenda/", {"territory": creil.pk}).content.decode())
    assert f"webcal://testserver/agenda/ical/?territory={creil.pk}" in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fagenda" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver" in page
    assert "Ajouter à Google Agenda" in page and "Ajouter à Outlook" in page and "Apple" in page
    # Only links: no script, image or style from those services is loaded by the page.
    for origin in ("calendar.google.com", "outlook.live.com"):
        assert f'src="https://{origin}' not in page
    help_page = client.get("/agenda/s-abonner/")
    assert help_page.status_code == 200
    assert "Comment s'abonner" in page


def test_the_feed_name_says_the_selection(client, creil, published):
    concerts = EventCategory.objects.get(slug="concert")
    content = client.get(
        "/agenda/ical/", {"territory": creil.pk, "category": concerts.slug}
    ).content
    calendar = Calendar.from_ical(content)
    assert str(calendar["X-WR-CALNAME"]) == f"Agenda — Creil — {concerts.name}"
    whole = Calendar.from_ical(client.get("/agenda/ical/").content)
    assert str(whole["X-WR-CALNAME"]) == "Agenda — Département de l'Oise"


IMPORTED = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//FR\r
BEGIN:VEVENT\r
UID:sans-prix@exemple.fr\r
DTSTAMP:20260101T000000Z\r
DTSTART:%(year)d0612T100000Z\r
DTEND:%(year)d0612T120000Z\r
SUMMARY:Bourse aux plantes\r
LOCATION:Creil\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_imported_event_with_no_price_says_nothing_rather_than_gratuit(client, association):
    source = create_source(owner=association, name="Jardins")
    year = timezone.localdate().year + 1
    report = import_calendar(source=source, data=IMPORTED.replace(b"%(year)d", str(year).encode()))
    assert not report.failed
    event = Event.objects.get(source=source)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Gratuit" not in page and "Tarif" not in page
    assert "isAccessibleForFree" not in page
    listing = client.get("/agenda/").content.decode()
    assert "Bourse aux plantes" in listing
    assert "Bourse aux plantes" not in client.get("/agenda/?free=on").content.decode()


def test_an_event_entered_as_free_still_says_gratuit(client, published):
    assert "Gratuit" in client.get(published.get_absolute_url()).content.decode()


def test_a_calendar_whose_first_import_failed_is_forgotten_after_a_day(server, association):  # noqa: F811
    failed = create_source(owner=association, name="Essai", url=f"{server}/absent.ics")
    refresh_source(source=failed)
    good = create_source(owner=association, name="Jardins", url=f"{server}/agenda.ics")
    refresh_source(source=good)
    assert forget_failed_first_imports() == 0  # the person still reads the report
    later = timezone.now() + timedelta(hours=25)
    assert forget_failed_first_imports(now=later) == 1
    assert list(CalendarSource.objects.all()) == [good]


def test_a_subscription_failing_five_times_in_a_row_is_paused_and_its_owner_emailed(
    server,  # noqa: F811
    association,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    source = create_source(owner=association, name="Jardins", url=f"{server}/agenda.ics")
    refresh_source(source=source)
    CalendarSource.objects.filter(pk=source.pk).update(url=f"{server}/absent.ics")
    source.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            refresh_source(source=source)
    source.refresh_from_db()
    assert source.is_active and source.consecutive_failures == 4 and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        refresh_source(source=source)
    source.refresh_from_db()
    assert not source.is_active
    [mail] = mailoutbox
    assert mail.to == [association.email]
    assert "abonnement suspendu" in mail.subject
    assert "5 fois de suite" in mail.body
    # A successful read by hand resumes it.
    CalendarSource.objects.filter(pk=source.pk).update(url=f"{server}/agenda.ics")
    source.refresh_from_db()
    refresh_source(source=source)
    source.refresh_from_db()
    assert source.is_active and source.consecutive_failures == 0


MARKET = IMPORTED.replace(b"LOCATION:Creil\r\n", b"LOCATION:Creil\r\nCATEGORIES:MARKET\r\n")


def test_an_unknown_imported_category_is_reported_then_mapped_by_staff(association, category):
    from agenda.models import CategoryMapping

    year = str(timezone.localdate().year + 1).encode()
    source = create_source(owner=association, name="Marchés", default_category=category)
    report = import_calendar(source=source, data=MARKET.replace(b"%(year)d", year))
    assert any("Catégories inconnues du portail : MARKET" in note for note in report.notes)
    assert Event.objects.get(source=source).category == category  # the default, but said
    Event.objects.filter(source=source).delete()
    markets = EventCategory.objects.create(name="Marchés", slug="marches")
    CategoryMapping.objects.create(name="market", category=markets)
    report = import_calendar(source=source, data=MARKET.replace(b"%(year)d", year))
    assert not report.notes
    assert Event.objects.get(source=source).category == markets


def test_staff_may_edit_the_category_mappings_in_the_admin(client, roles):
    client.force_login(roles["communication"])
    assert client.get("/admin/snippets/agenda/categorymapping/").status_code == 200
    client.force_login(roles["citizen"])
    assert client.get("/admin/snippets/agenda/categorymapping/").status_code != 200
