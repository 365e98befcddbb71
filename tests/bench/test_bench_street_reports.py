"""The benchmark's street reports: seeded in bulk across the département (a third resolved),
every scenario answers, and a report with three photos is created and timed."""

import pytest
from factories import make_member

from bench.reports import report_targets, seed_street_reports, time_report_creation
from bench.seed import Seeder
from civic.reports.models import StreetReport

WANTED = 300


@pytest.fixture
def seeder(oise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seeder = Seeder(scale=0.001)
    seeder.counts["street_reports"] = WANTED
    seeder.departement = oise
    return seeder


def test_reports_are_seeded_across_the_departement_once(seeder):
    assert seed_street_reports(seeder) == WANTED
    assert seed_street_reports(seeder) == WANTED  # a second run adds nothing
    communes = StreetReport.objects.values("commune").distinct().count()
    resolved = StreetReport.objects.filter(status="resolved").count()
    assert communes > 20
    assert WANTED / 5 < resolved < WANTED / 2


def test_every_reports_scenario_answers(client, seeder, oise, beauvais):
    seed_street_reports(seeder)
    targets = report_targets(oise, beauvais)
    names = {target.name for target, _reason in targets}
    assert names == {
        "reports_map_departement",
        "reports_map_commune",
        "reports_list_filtered",
        "report_page",
    }
    for target, _reason in targets:
        assert client.get(target.path).status_code == 200, target.path


def test_a_report_with_three_photos_is_timed_and_not_kept(seeder, beauvais, monkeypatch):
    seed_street_reports(seeder)
    user = make_member(first_name="Banc", last_name="Essai", commune=beauvais)
    monkeypatch.setattr("bench.targets.the_bench_visitor", lambda: user)
    before = StreetReport.objects.count()
    figure = time_report_creation()
    assert figure["seconds"] > 0 and "HTTP 302" in figure["detail"], figure
    assert StreetReport.objects.count() == before
