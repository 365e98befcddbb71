"""iCalendar in: real-world files from Google, Nextcloud and Outlook, and every way a file goes wrong.

The sample files in fixtures/ are dated in 2027; `load()` moves them to next year when the suite
runs later, so that their events are always to come.
"""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.models import CalendarSource, Event, EventCategory, EventChangeLog
from agenda.services import imports
from agenda.services.imports import create_source, import_calendar
from civic.people.models import Profile
from civic.territories.models import Territory

FIXTURES = Path(__file__).parent / "fixtures"
YEAR = max(2027, timezone.localdate().year + 1)


def load(name):
    return (FIXTURES / name).read_bytes().replace(b"2027", str(YEAR).encode())


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def source(association):
    return create_source(owner=association, name="Agenda de Creil Solidarité")


def by_title():
    return {e.title: e for e in Event.objects.all()}


def test_a_google_calendar_is_imported_with_its_series_moved_and_cancelled_instances(source, creil):
    report = import_calendar(source=source, data=load("google_creil_solidarite.ics"))
    assert not report.failed
    events = by_title()
    assert set(events) == {
        "Repair café",
        "Repair café (horaires décalés)",
        "Fête de l'été des associations",
        "Séjour solidaire à la mer",
        "Assemblée générale",
    }
    cafe = events["Repair café"]
    assert cafe.rrule == "FREQ=MONTHLY;BYDAY=2SA"
    days = {timezone.localtime(o.starts_at).date() for o in cafe.occurrences.all()}
    assert date(YEAR, 1, 9) in days
    assert date(YEAR, 3, 13) not in days  # moved: a separate event at 15:00
    assert date(YEAR, 4, 10) not in days  # cancelled instance
    assert date(YEAR, 8, 14) not in days  # EXDATE
    moved = events["Repair café (horaires décalés)"]
    assert timezone.localtime(moved.starts_at) == timezone.make_aware(datetime(YEAR, 3, 13, 15, 0))
    assert moved.uid == f"{cafe.uid}#{YEAR}0313T130000Z"
    # UTF-8 accents and long folded lines come through whole.
    assert "vêtements… Des bénévoles réparent avec vous." in cafe.description
    assert "https://creil-solidarite.example.fr/repair-cafe" in cafe.description
    assert "places limitées à cinquante personnes, priorité aux familles" in (
        events["Séjour solidaire à la mer"].description
    )
    # Places: the postal code, or the commune's name, finds the commune.
    assert cafe.commune == creil
    assert cafe.venue_name == "Maison des associations"
    assert events["Fête de l'été des associations"].commune == creil
    # All-day and multi-day.
    stay = events["Séjour solidaire à la mer"]
    assert stay.all_day and stay.last_day == date(YEAR, 7, 4)
    assert events["Assemblée générale"].starts_at == timezone.make_aware(
        datetime(YEAR, 1, 15, 18, 0)
    )
    # The report says what was left out, and why.
    assert report.refused == [
        ["Réunion du bureau (interne)", "il est marqué privé dans le calendrier d'origine."]
    ]
    assert report.skipped_past == 1
    assert "5 événements ajoutés" in report.summary()
    assert all(e.status == Event.Status.PUBLISHED for e in events.values())
    assert all(e.organiser_profile == source.organiser_profile for e in events.values())
    assert all(e.origin == Event.Origin.IMPORT and e.source == source for e in events.values())


def test_importing_the_same_file_again_changes_nothing(source):
    data = load("google_creil_solidarite.ics")
    import_calendar(source=source, data=data)
    before = list(Event.objects.values_list("uid", "sequence", "updated_at", "status"))
    logs = EventChangeLog.objects.count()
    report = import_calendar(source=source, data=data)
    assert report.unchanged == 5
    assert not report.changed
    assert list(Event.objects.values_list("uid", "sequence", "updated_at", "status")) == before
    assert EventChangeLog.objects.count() == logs


def test_a_changed_event_is_updated_and_a_removed_one_cancelled(source):
    data = load("google_creil_solidarite.ics").decode()
    import_calendar(source=source, data=data.encode())
    changed = data.replace("SUMMARY:Assemblée générale", "SUMMARY:Assemblée générale ordinaire")
    start = changed.index("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:")
    end = changed.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    without_party = changed[:start] + changed[end:]
    report = import_calendar(source=source, data=without_party.encode())
    assert report.updated == ["Assemblée générale ordinaire"]
    assert report.cancelled == ["Fête de l'été des associations"]
    assembly = Event.objects.get(uid="utc-assemblee-2027@google.com".replace("2027", str(YEAR)))
    assert assembly.sequence == 1
    assert assembly.changes.first().action == EventChangeLog.Action.IMPORTED
    assert assembly.changes.first().fields == ["title"]
    party = Event.objects.get(title="Fête de l'été des associations")
    assert party.status == Event.Status.CANCELLED
    # It comes back if it reappears.
    report = import_calendar(source=source, data=changed.encode())
    party.refresh_from_db()
    assert party.status == Event.Status.PUBLISHED
    assert report.restored == ["Fête de l'été des associations"]


def test_categories_and_web_addresses_of_a_nextcloud_calendar(association):
    mobility = create_source(
        owner=association,
        name="Compiègne à vélo",
        default_category=EventCategory.objects.get(slug="vie-associative"),
    )
    import_calendar(source=mobility, data=load("nextcloud_velo.ics"))
    events = by_title()
    workshop = events["Atelier de réparation vélo"]
    assert workshop.category.slug == "atelier"
    assert workshop.more_info_url == "https://compiegne-a-velo.example.fr/ateliers"
    assert workshop.commune.name == "Compiègne"
    assert workshop.occurrences.count() == 24  # Wednesdays January–June, less two
    ride = events["Balade des Forêts à vélo"]
    assert ride.category.slug == "sport"
    assert timezone.localtime(ride.ends_at).strftime("%H:%M") == "13:00"  # DURATION:PT3H30M
    assert "<br>" in ride.description
    assert events["Conférence : la ville cyclable"].category.slug == "conference"


def test_outlook_windows_timezones_and_several_vtimezones(source, beauvais):
    report = import_calendar(source=source, data=load("outlook_theatre.ics"))
    assert not report.refused
    events = by_title()
    play = events["Le Médecin malgré lui"]
    assert timezone.localtime(play.starts_at).strftime("%H:%M") == "20:30"
    assert play.commune == beauvais
    workshop = events["Atelier théâtre pour les 8-12 ans"]
    assert timezone.localtime(workshop.starts_at).strftime("%H:%M") == "10:00"
    london = events["Tournée anglaise : Twelfth Night (en anglais surtitré)"]
    assert timezone.localtime(london.starts_at).strftime("%H:%M") == "20:00"  # 19:00 in London


def test_floating_times_are_taken_as_paris_time_and_the_report_says_so(source):
    report = import_calendar(source=source, data=load("floating_jardins.ics"))
    troc = Event.objects.get(title="Troc de graines et de plants")
    assert timezone.localtime(troc.starts_at) == timezone.make_aware(datetime(YEAR, 3, 21, 10))
    assert report.notes == [
        "2 événements n'indiquent pas de fuseau horaire : leurs heures ont été comprises "
        "comme l'heure de Paris."
    ]


def test_each_refused_event_is_listed_with_its_reason_and_the_rest_imported(source):
    report = import_calendar(source=source, data=load("problems.ics"))
    assert list(Event.objects.values_list("title", flat=True)) == ["Bal populaire"]
    reasons = dict(report.refused)
    assert reasons["Réunion sans date"] == "il n'a pas de date de début (DTSTART)."
    assert "« Mars/Olympus_Mons » est inconnu" in reasons["Soirée astronomie"]
    assert reasons["Concert à l'envers"] == "il se termine avant d'avoir commencé."
    assert "plus d'une fois par jour" in reasons["Navette"]
    assert reasons["Kermesse"] == "sa date de début est illisible."
    assert reasons["sans-titre@exemple.fr"] == "il n'a pas de titre (SUMMARY)."
    source.refresh_from_db()
    assert source.last_outcome == CalendarSource.Outcome.PARTIAL
    assert "1 événement ajouté" in report.summary() and "6 refusés" in report.summary()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "il manque la fin du calendrier"),
        (b"", "le fichier est vide"),
        (b"<!DOCTYPE html><html><body>Agenda</body></html>", "page web (HTML)"),
        (b"%PDF-1.7 binary", "n'est pas un calendrier iCalendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "mal formé"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing_and_says_why(source, published, data, message):
    data = load("broken.ics") if data is None else data
    report = import_calendar(source=source, data=data)
    assert report.failed
    assert message in report.summary()
    assert report.summary().endswith("Aucun événement n'a été modifié.")
    assert list(Event.objects.all()) == [published]
    source.refresh_from_db()
    assert source.last_outcome == CalendarSource.Outcome.FAILED
    assert source.last_report["error"] == report.error


def _calendar(count, *, start_day=1):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Beaucoup//FR"]
    for n in range(count):
        day = date(YEAR, 1, 1).toordinal() + start_day + n % 300
        when = date.fromordinal(day).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:evenement-{n}@beaucoup.example.fr",
            "DTSTAMP:20261101T100000Z",
            f"DTSTART;TZID=Europe/Paris:{when}T{10 + n % 8:02d}0000",
            f"DTEND;TZID=Europe/Paris:{when}T{11 + n % 8:02d}0000",
            f"SUMMARY:Animation n° {n}",
            "LOCATION:Salle polyvalente, 60100 Creil",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_calendar_beyond_the_cap_is_refused_whole(source, settings):
    settings.AGENDA_IMPORT_MAX_EVENTS = 50
    report = import_calendar(source=source, data=_calendar(51))
    assert report.failed
    assert "compte 51 événements ; au-delà de 50, l'import est refusé" in report.summary()
    assert not Event.objects.exists()


def test_a_large_import_inserts_events_in_bulk(source):
    # Events are inserted in batches (SQLite takes about 20 rows of an event per statement,
    # PostgreSQL hundreds), never one query per event; so are their occurrences (about 120 a
    # statement on SQLite, since they carry the changes of single dates).
    with CaptureQueriesContext(connection) as small:
        import_calendar(source=source, data=_calendar(20))
    Event.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        import_calendar(source=source, data=_calendar(600))
    assert Event.objects.count() == 600
    assert len(large.captured_queries) <= len(small.captured_queries) + 600 // 20 + 600 // 120 + 2


def test_an_import_is_all_or_nothing(source, monkeypatch):
    def broken_refresh(events):
        raise RuntimeError("panne de la base")

    monkeypatch.setattr(imports, "refresh_occurrences_of", broken_refresh)
    report = import_calendar(source=source, data=load("google_creil_solidarite.ics"))
    assert not Event.objects.exists()
    assert report.failed
    assert "erreur inattendue a interrompu" in report.summary()
    source.refresh_from_db()
    assert source.last_outcome == CalendarSource.Outcome.FAILED


def test_a_uid_already_used_by_someone_else_is_refused(source, other_association):
    mine = load("floating_jardins.ics")
    import_calendar(source=source, data=mine)
    theirs = create_source(owner=other_association, name="Copie")
    report = import_calendar(source=theirs, data=mine)
    assert [reason for _, reason in report.refused] == [
        "il figure déjà dans l'agenda du portail, importé ou saisi par ailleurs."
    ] * 2
    assert Event.objects.filter(source=source).count() == 2


def test_imported_events_follow_the_publication_rules_of_their_organiser(
    source, roles, association
):
    Profile.objects.filter(pk=association.profile.pk).update(status=Profile.Status.REJECTED)
    association.refresh_from_db()
    report = import_calendar(source=source, data=load("floating_jardins.ics"))
    assert report.failed
    assert "seuls les associations vérifiées" in report.summary()
    assert not Event.objects.exists()


def test_events_without_a_known_commune_take_the_source_default(association):
    senlis = Territory.objects.get(kind="commune", code="60612")
    source = create_source(owner=association, name="Sans lieu", default_commune=senlis)
    data = (
        load("floating_jardins.ics").replace(b", 60000 Beauvais", b"").replace(b", Beauvais", b"")
    )
    import_calendar(source=source, data=data)
    assert set(Event.objects.values_list("commune__name", flat=True)) == {"Senlis"}
