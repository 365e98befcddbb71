"""Importing from the web page, subscribing to a calendar's address, and refreshing it later."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import page_text

from agenda.models import CalendarSource, CalendarUpload, Event
from agenda.services import fetching
from agenda.services.fetching import FetchError, fetch_calendar, normalise_url
from agenda.services.imports import (
    create_source,
    import_calendar,
    refresh_calendar_source,
    refresh_source,
)

FIXTURES = Path(__file__).parent / "fixtures"
YEAR = max(2027, timezone.localdate().year + 1)
CALENDAR = (FIXTURES / "floating_jardins.ics").read_bytes().replace(b"2027", str(YEAR).encode())


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/agenda.ics": (200, "text/calendar; charset=utf-8", CALENDAR),
        "/page.html": (200, "text/html; charset=utf-8", b"<!DOCTYPE html><html>Agenda</html>"),
        "/image.png": (200, "image/png", b"\x89PNG"),
        "/prive.ics": (403, "text/plain", b"Forbidden"),
        "/absent.ics": (404, "text/plain", b"Not found"),
        "/html-sans-type": (200, "", b"<html><body>Nope</body></html>"),
    }

    def do_GET(self):
        if self.path == "/lent.ics":
            time.sleep(2)
        status, content_type, body = self.routes.get(self.path, (200, "text/calendar", CALENDAR))
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def local_server_allowed(settings, portal_territory):
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.AGENDA_FETCH_TIMEOUT = 0.5


def test_a_subscribed_calendar_is_fetched_and_imported(server, association):
    source = create_source(owner=association, name="Jardins", url=f"{server}/agenda.ics")
    report = refresh_source(source=source)
    assert not report.failed
    assert Event.objects.filter(source=source).count() == 2
    source.refresh_from_db()
    assert source.last_outcome == CalendarSource.Outcome.OK
    assert source.last_fetched_at is not None


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/page.html", "cette adresse renvoie une page web, pas un calendrier"),
        ("/html-sans-type", "page web (HTML), pas un calendrier"),
        ("/image.png", "un document de type « image/png »"),
        ("/prive.ics", "ce calendrier n'est pas public (erreur 403)"),
        ("/absent.ics", "cette adresse n'existe pas (erreur 404)"),
        ("/lent.ics", "n'a pas répondu à temps (plus de 0.5 secondes)"),
    ],
)
def test_an_address_that_gives_no_calendar_gets_a_french_report(
    server, association, published, path, message
):
    source = create_source(owner=association, name="Essai", url=f"{server}{path}")
    report = refresh_source(source=source)
    assert report.failed
    assert message in report.summary()
    source.refresh_from_db()
    assert source.last_outcome == CalendarSource.Outcome.FAILED
    assert list(Event.objects.all()) == [published]


def test_an_unreachable_server_and_a_too_large_calendar(server, monkeypatch):
    with pytest.raises(FetchError, match="injoignable"):
        fetch_calendar("http://127.0.0.1:9/agenda.ics")

    monkeypatch.setattr(fetching, "MAX_BYTES", 100)
    with pytest.raises(FetchError, match="pèse plus de"):
        fetch_calendar(f"{server}/agenda.ics")


def test_addresses_inside_the_servers_network_are_refused(settings):
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = []
    for url in ("http://127.0.0.1/agenda.ics", "http://169.254.169.254/latest", "http://[::1]/x"):
        with pytest.raises(FetchError, match="ne désigne pas un calendrier public accessible"):
            fetch_calendar(url)
    with pytest.raises(FetchError, match="commencer par https://"):
        fetch_calendar("file:///etc/passwd")


def test_webcal_addresses_are_read_as_https():
    assert normalise_url("webcal://calendar.google.com/x/basic.ics") == (
        "https://calendar.google.com/x/basic.ics"
    )


def test_the_command_hands_due_subscriptions_to_the_worker_or_imports_them_now(server, association):
    source = create_source(owner=association, name="Jardins", url=f"{server}/agenda.ics")
    create_source(owner=association, name="Fichier")  # an upload: never fetched
    out = StringIO()
    call_command("refresh_calendars", stdout=out)
    assert "1 calendrier(s) confié(s)" in out.getvalue()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "agenda.services.imports.refresh_calendar_source"
    assert queued.args_kwargs["args"] == [source.pk]
    assert not Event.objects.exists()
    # What the worker runs:

    refresh_calendar_source.call(source.pk)
    assert Event.objects.filter(source=source).count() == 2
    # Read just now: not due again.
    out = StringIO()
    call_command("refresh_calendars", "--now", stdout=out)
    assert "0 calendrier" not in out.getvalue()
    assert "Jardins" not in out.getvalue()


def test_importing_a_file_from_the_page(client, association, run_tasks):
    client.force_login(association)
    upload = SimpleUploadedFile("jardins.ics", CALENDAR, content_type="text/calendar")
    response = client.post(
        "/agenda/importer/", {"fichier-file": upload, "fichier-name": ""}, follow=True
    )
    assert "Import en cours" in page_text(response)
    assert not Event.objects.exists()  # read by the worker, not in the request
    source = CalendarSource.objects.get()
    assert source.name == "jardins"
    run_tasks()
    html = page_text(client.get(f"/agenda/importer/{source.pk}/"))
    assert "Import en cours" not in html
    assert "Import terminé : 2 événements ajoutés." in html
    assert "comprises comme l'heure de Paris" in html
    assert not CalendarUpload.objects.exists()  # the stored file is gone once imported
    again = SimpleUploadedFile("jardins.ics", CALENDAR, content_type="text/calendar")
    response = client.post(f"/agenda/importer/{source.pk}/", {"file": again}, follow=True)
    assert "Import en cours" in page_text(response)
    run_tasks()
    assert "2 inchangés" in page_text(client.get(f"/agenda/importer/{source.pk}/"))


def test_a_file_that_is_no_calendar_is_refused_by_the_form_with_what_was_typed(client, association):
    client.force_login(association)
    upload = SimpleUploadedFile("agenda.pdf", b"%PDF-1.7 binary", content_type="text/calendar")
    response = client.post(
        "/agenda/importer/", {"fichier-file": upload, "fichier-name": "Agenda du club"}
    )
    html = page_text(response)
    assert response.status_code == 200
    assert "il devrait commencer par BEGIN:VCALENDAR" in html
    assert 'value="Agenda du club"' in html
    assert not CalendarSource.objects.exists()


def test_subscribing_from_the_page(client, association, server, run_tasks):
    client.force_login(association)
    response = client.post(
        "/agenda/importer/",
        {"abonnement-url": f"{server}/page.html", "abonnement-name": "Mon agenda Google"},
        follow=True,
    )
    assert "Import en cours" in page_text(response)
    source = CalendarSource.objects.get()
    run_tasks()
    html = page_text(client.get(f"/agenda/importer/{source.pk}/"))
    assert "Import impossible : cette adresse renvoie une page web" in html
    assert "Adresse publique au format iCal" in html
    CalendarSource.objects.filter(pk=source.pk).update(url=f"{server}/agenda.ics")
    response = client.post(f"/agenda/importer/{source.pk}/actualiser/", follow=True)
    assert "Import en cours" in page_text(response)
    run_tasks()
    assert "2 événements ajoutés" in page_text(client.get(f"/agenda/importer/{source.pk}/"))


@pytest.mark.parametrize("role", ["citizen", "pending_association", "verified_elected"])
def test_only_verified_associations_and_staff_import(client, roles, role):
    client.force_login(roles[role])
    response = client.get("/agenda/importer/")
    assert response.status_code == 403
    assert "réservé aux associations vérifiées" in page_text(response)


def test_no_one_else_sees_or_refreshes_my_calendar(client, association, other_association):
    source = create_source(owner=association, name="Privé", url="https://exemple.fr/a.ics")
    client.force_login(other_association)
    assert client.get(f"/agenda/importer/{source.pk}/").status_code == 403
    assert client.post(f"/agenda/importer/{source.pk}/actualiser/").status_code == 403
    assert client.post(f"/agenda/importer/{source.pk}/supprimer/").status_code == 403


def test_unfollowing_a_calendar_may_cancel_its_events(client, association):
    source = create_source(owner=association, name="Jardins")

    import_calendar(source=source, data=CALENDAR)
    client.force_login(association)
    client.post(f"/agenda/importer/{source.pk}/supprimer/", {"cancel_events": "on"})
    assert not CalendarSource.objects.exists()
    assert set(Event.objects.values_list("status", flat=True)) == {Event.Status.CANCELLED}
