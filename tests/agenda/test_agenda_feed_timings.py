"""The benchmark's feature timings (bench.timings), run on a small agenda."""

import pytest

from agenda import ical
from agenda.ical_reader import read_calendar
from agenda.models import CalendarSource, Event
from bench import timings


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_the_feature_timings_measure_the_feeds_an_import_and_the_search(
    association, make_event, beauvais
):
    make_event(association, "Troc de graines au jardin partagé de Creil")
    make_event(association, "Exposition à Beauvais", commune=beauvais)
    figures = timings.feature_timings(import_size=12)
    assert set(figures) == {
        "ical_feed_all",
        "ical_feed_all_warm",
        "ical_feed_commune",
        "ical_import_5000",
        "search_full",
        "street_report_3_photos",
    }
    assert all(isinstance(f["seconds"], float) for f in figures.values())
    assert figures["ical_feed_all"]["detail"].startswith("HTTP 200, 2 events")
    assert "median of 5, cache emptied before each" in figures["ical_feed_all"]["detail"]
    assert figures["ical_feed_all_warm"]["detail"].startswith("HTTP 200, 2 events")
    # The biggest commune of the Oise: Beauvais.
    assert figures["ical_feed_commune"]["detail"].startswith("HTTP 200, 1 events")
    assert "Beauvais" in figures["ical_feed_commune"]["detail"]
    assert figures["ical_import_5000"]["detail"].startswith("12 events")
    assert "12 created, 0 refused" in figures["ical_import_5000"]["detail"]
    # The bench searches words its seeded data holds: the search has something to count and show.
    assert figures["search_full"]["detail"].startswith(
        "HTTP 200, « jardin partagé »: 1 results, 1 shown"
    )
    # The import was rolled back.
    assert Event.objects.count() == 2
    assert not CalendarSource.objects.exists()


def test_the_import_file_is_a_calendar_the_portal_reads_whole():
    parsed, report = read_calendar(timings.import_file(30))
    assert not report.error and not report.refused
    assert len(parsed) == 30
    assert sum(1 for p in parsed if p.rrule) == 3


def test_each_cold_feed_timing_builds_the_feed_again_and_the_warm_one_does_not(
    association, make_event, beauvais, monkeypatch
):
    make_event(association, "Exposition à Beauvais", commune=beauvais)
    built = []
    real = ical.to_ics
    monkeypatch.setattr(ical, "to_ics", lambda *a, **k: built.append(1) or real(*a, **k))

    figures = timings.time_feeds(runs=3)

    assert len(built) == 3 + 3  # the whole agenda's and Beauvais's, three times each
    assert "median of 3" in figures["ical_feed_commune"]["detail"]
