"""Calendar imports that would amplify: the work of an import is capped, and done by the worker.

Audit #22, items 2 (background half), 3 and 11. Every import runs in the background task, here
run for real from the database queue as `db_worker` would; fetches go to a local server.
"""

import contextlib
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from agenda_factories import verified_association
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import make_member, page_text

from agenda.models import CalendarSource, CalendarUpload, Event, Occurrence
from agenda.services import imports
from agenda.services.imports import create_source, queue_import

YEAR = timezone.localdate().year + 1


def calendar(count, *, rrule="", summary=lambda n: f"Permanence n° {n}"):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Essai//Limites//FR"]
    for n in range(count):
        lines += [
            "BEGIN:VEVENT",
            f"UID:limite-{n}@essai.example.fr",
            f"DTSTART;TZID=Europe/Paris:{YEAR}0105T{8 + n % 10:02d}0000",
            f"DTEND;TZID=Europe/Paris:{YEAR}0105T{9 + n % 10:02d}0000",
            f"SUMMARY:{summary(n)}",
            *([f"RRULE:{rrule}"] if rrule else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def association(db, beauvais):
    moderator = make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )
    return verified_association("Beauvais Entraide", commune=beauvais, moderator=moderator)


@pytest.fixture
def source(association):
    return create_source(owner=association, name="Agenda de l'entraide")


def import_in_background(source, data, run_tasks):
    assert queue_import(source=source, data=data)
    assert run_tasks() == 1
    source.refresh_from_db()
    return source.last_report


class Counting(BaseHTTPRequestHandler):
    body = calendar(3)
    requests = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.AGENDA_FETCH_TIMEOUT = 2
    Counting.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_file_over_the_line_cap_is_refused_before_parsing_and_writes_no_event(source, run_tasks):
    # Under the 10 MB limit, but 1.3 million lines for icalendar to parse.
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + b"X-A:b\r\n" * 1_300_000 + b"END:VCALENDAR\r\n"
    started = time.monotonic()
    report = import_in_background(source, data, run_tasks)
    assert time.monotonic() - started < 5  # counted, not parsed
    assert report["error"] == (
        "le fichier compte 1\u00a0300\u00a0003 lignes ; au-delà de 200\u00a0000, l'import est "
        "refusé. Exportez une période plus courte ou un calendrier plus ciblé."
    )
    assert source.last_outcome == CalendarSource.Outcome.FAILED
    assert not Event.objects.exists()


def test_a_calendar_over_the_event_cap_is_refused_whole_and_writes_no_event(
    source, run_tasks, settings
):
    settings.AGENDA_IMPORT_MAX_EVENTS = 2000
    report = import_in_background(source, calendar(2001), run_tasks)
    assert "le calendrier compte 2\u00a0001 événements ; au-delà de 2\u00a0000" in report["error"]
    assert not Event.objects.exists()
    assert not Occurrence.objects.exists()


def test_two_hundred_daily_events_without_end_are_refused_by_the_occurrence_cap(source, run_tasks):
    # All or nothing: 200 × 18 months of days would be some 100,000 rows; none is written.
    report = import_in_background(source, calendar(200, rrule="FREQ=DAILY"), run_tasks)
    assert "donneraient plus de 20\u00a0000 dates dans l'agenda" in report["error"]
    assert "Donnez une date de fin aux événements qui se répètent" in report["error"]
    assert Event.objects.count() == 0
    assert Occurrence.objects.count() == 0


def test_a_calendar_within_the_occurrence_cap_writes_all_its_dates(source, run_tasks, settings):
    settings.AGENDA_IMPORT_MAX_OCCURRENCES = 600
    report = import_in_background(source, calendar(1, rrule="FREQ=DAILY"), run_tasks)
    assert not report["error"]
    assert 500 < Occurrence.objects.count() <= 600
    report = import_in_background(source, calendar(2, rrule="FREQ=DAILY"), run_tasks)
    assert "donneraient plus de 600 dates" in report["error"]
    assert Event.objects.count() == 1  # the first import's, untouched


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=2;BYYEARDAY=366"]
)
def test_a_rule_that_falls_on_no_real_date_is_refused_without_searching_to_the_year_9999(
    source, run_tasks, rule
):
    started = time.monotonic()
    data = calendar(20, rrule=rule)
    report = import_in_background(source, data, run_tasks)
    assert time.monotonic() - started < 5
    assert len(report["refused"]) == 20
    assert "ne tombe sur aucune date du calendrier" in report["refused"][0][1]
    assert not Event.objects.exists()


def test_an_upload_returns_at_once_with_import_en_cours_and_the_worker_imports_it(
    client, association, run_tasks
):
    client.force_login(association)
    upload = SimpleUploadedFile("entraide.ics", calendar(3), content_type="text/calendar")
    response = client.post(
        "/agenda/importer/", {"fichier-file": upload, "fichier-name": ""}, follow=True
    )
    html = page_text(response)
    assert "Import en cours" in html
    assert "Actualiser cette page" in html
    assert not Event.objects.exists()
    assert "Import en cours" in page_text(client.get("/agenda/importer/"))  # the list says so too
    source = CalendarSource.objects.get()
    assert CalendarUpload.objects.get().source == source
    # The queued task, run as db_worker runs it (the command itself closes the database
    # connection, which would end the test's transaction on PostgreSQL).
    assert run_tasks() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    html = page_text(client.get(f"/agenda/importer/{source.pk}/"))
    assert "Import en cours" not in html
    assert "Import terminé : 3 événements ajoutés." in html
    assert Event.objects.count() == 3
    assert not CalendarUpload.objects.exists()
    assert "Import en cours" not in page_text(client.get("/agenda/importer/"))


def test_a_huge_upload_costs_the_request_no_parsing(client, association, run_tasks):
    client.force_login(association)
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + b"X-A:b\r\n" * 1_300_000 + b"END:VCALENDAR\r\n"
    upload = SimpleUploadedFile("enorme.ics", data, content_type="text/calendar")
    started = time.monotonic()
    response = client.post("/agenda/importer/", {"fichier-file": upload, "fichier-name": "X"})
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    run_tasks()
    source = CalendarSource.objects.get()
    assert "au-delà de 200\u00a0000, l'import est refusé" in source.last_report["error"]


def test_a_new_subscription_is_not_fetched_in_the_request(client, association, server, run_tasks):
    client.force_login(association)
    response = client.post(
        "/agenda/importer/",
        {"abonnement-url": f"{server}/agenda.ics", "abonnement-name": "Entraide"},
        follow=True,
    )
    assert "Import en cours" in page_text(response)
    assert Counting.requests == []
    assert not Event.objects.exists()
    assert run_tasks() == 1
    assert Counting.requests == ["/agenda.ics"]
    assert Event.objects.count() == 3


def test_a_nul_in_one_summary_is_stripped_and_every_event_imported(source, run_tasks):
    data = calendar(3, summary=lambda n: "Fête\x00 de la soupe" if n == 1 else f"Repas n° {n}")
    data = data.replace(b"DTSTART", b"DESCRIPTION:Ligne\x01\x07 \\nsuivante\r\nDTSTART", 1)
    report = import_in_background(source, data, run_tasks)
    assert not report["error"] and not report["refused"]
    assert sorted(Event.objects.values_list("title", flat=True)) == [
        "Fête de la soupe",
        "Repas n° 0",
        "Repas n° 2",
    ]
    assert not any("\x00" in text or "\x01" in text for text in _texts())
    assert any("caractères de contrôle invisibles" in note for note in report["notes"])


def test_a_nul_in_the_calendars_name_is_stripped_from_the_sources_name(client, association):
    client.force_login(association)
    data = calendar(1).replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:Entr\x00aide", 1)
    upload = SimpleUploadedFile("entraide.ics", data, content_type="text/calendar")
    response = client.post("/agenda/importer/", {"fichier-file": upload, "fichier-name": ""})
    assert response.status_code == 302
    assert CalendarSource.objects.get().name == "Entraide"


def _texts():
    for row in Event.objects.values_list("title", "description", "venue_name", "uid"):
        yield from row


def test_two_clicks_on_refresh_enqueue_one_import(client, association, server, run_tasks):
    source = create_source(owner=association, name="Entraide", url=f"{server}/agenda.ics")
    client.force_login(association)
    client.post(f"/agenda/importer/{source.pk}/actualiser/")
    response = client.post(f"/agenda/importer/{source.pk}/actualiser/", follow=True)
    assert "Un import de ce calendrier est déjà en cours" in page_text(response)
    assert DBTaskResult.objects.count() == 1
    assert Counting.requests == []
    assert run_tasks() == 1
    assert Counting.requests == ["/agenda.ics"]
    # Once done, a new click queues a new import.
    client.post(f"/agenda/importer/{source.pk}/actualiser/")
    assert DBTaskResult.objects.ready().count() == 1


def test_a_second_file_sent_while_one_is_imported_is_refused_and_queues_nothing(
    client, association, source, run_tasks
):
    assert queue_import(source=source, data=calendar(3), user=association)
    client.force_login(association)
    upload = SimpleUploadedFile("autre.ics", calendar(5), content_type="text/calendar")
    response = client.post(f"/agenda/importer/{source.pk}/", {"file": upload}, follow=True)
    html = page_text(response)
    assert "Un import de ce calendrier est déjà en cours" in html
    assert "Import en cours" in html
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    assert Event.objects.count() == 3  # the first file's


def test_the_hourly_command_queues_nothing_more_for_a_calendar_already_queued(
    client, association, server, run_tasks
):
    source = create_source(owner=association, name="Entraide", url=f"{server}/agenda.ics")
    client.force_login(association)
    client.post(f"/agenda/importer/{source.pk}/actualiser/")
    out = StringIO()
    call_command("refresh_calendars", stdout=out)
    assert "0 calendrier(s) confié(s)" in out.getvalue()
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    assert Counting.requests == ["/agenda.ics"]


def test_an_unforeseen_failure_in_the_worker_still_gives_a_report_and_frees_the_calendar(
    client, association, server, run_tasks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(imports, "refresh_source", broken)
    source = create_source(owner=association, name="Entraide", url=f"{server}/agenda.ics")
    assert queue_import(source=source)
    run_tasks()
    source.refresh_from_db()
    assert source.import_state == CalendarSource.ImportState.IDLE
    assert source.last_outcome == CalendarSource.Outcome.FAILED
    assert "erreur inattendue a interrompu l'import" in source.last_report["error"]
    client.force_login(association)
    response = client.get(f"/agenda/importer/{source.pk}/")
    assert response.status_code == 200
    assert "Import en cours" not in page_text(response)


def test_a_lost_import_blocks_new_ones_only_for_a_while(
    client, association, server, run_tasks, settings
):
    source = create_source(owner=association, name="Entraide", url=f"{server}/agenda.ics")
    lost_at = timezone.now() - timedelta(minutes=settings.AGENDA_IMPORT_STUCK_MINUTES + 1)
    CalendarSource.objects.filter(pk=source.pk).update(
        import_state=CalendarSource.ImportState.RUNNING, import_queued_at=lost_at
    )
    client.force_login(association)
    html = page_text(client.get(f"/agenda/importer/{source.pk}/"))
    assert "Le dernier import demandé n'a pas abouti" in html
    response = client.post(f"/agenda/importer/{source.pk}/actualiser/", follow=True)
    assert "Import en cours" in page_text(response)
    assert run_tasks() == 1
    assert Event.objects.count() == 3
    source.refresh_from_db()
    assert source.import_state == CalendarSource.ImportState.IDLE
