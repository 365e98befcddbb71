"""The public map and list with filters, the map's data (clustered server-side), statistics,
open-data exports without personal data; fixed query counts at two data sizes."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from factories import page_text
from helpers import make_report, many_reports
from street_report_helpers import BEAUVAIS, CREIL

from civic.reports import services
from civic.reports.models import StreetReport

pytestmark = pytest.mark.usefixtures("portal_territory")
OISE_BBOX = "1.68,49.05,3.17,49.77"


def test_the_list_filters_by_category_status_commune_and_date(client, people, pothole, streetlight):
    hole = make_report(user=people["reporter"], category=pothole, point=CREIL)
    make_report(user=people["reporter"], category=streetlight, point=BEAUVAIS)
    services.change_status(user=people["agent"], report=hole, status="taken")
    text = page_text(client.get(f"/signalements/?category={pothole.pk}"))
    assert "Nid-de-poule — Creil" in text and "Lampadaire en panne — Beauvais" not in text
    text = page_text(client.get("/signalements/?status=received"))
    assert "Nid-de-poule — Creil" not in text and "Lampadaire en panne — Beauvais" in text
    text = page_text(client.get("/signalements/?commune=Creil"))
    assert "Nid-de-poule — Creil" in text and "Lampadaire en panne — " not in text
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Aucun signalement ne correspond" in page_text(
        client.get(f"/signalements/?since={tomorrow}")
    )


def test_every_report_of_the_list_carries_its_point_for_the_map(client, people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    html = client.get("/signalements/").content.decode()
    assert f'data-href="/signalements/{report.pk}/"' in html and 'data-lat="49.429500"' in html
    assert 'data-map-source="/signalements/carte.geojson' in html


def test_a_hidden_report_is_in_no_public_list_nor_map(client, people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    services.hide_report(user=people["moderator"], report=report, reason="Insultes")
    assert "Nid-de-poule — " not in page_text(client.get("/signalements/"))
    assert client.get("/signalements/carte.geojson").json()["features"] == []
    assert client.get(f"/signalements/{report.pk}/").status_code == 404


def test_the_map_data_gives_points_when_few_are_in_view(client, people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    data = client.get(f"/signalements/carte.geojson?bbox={OISE_BBOX}&zoom=9").json()
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [2.0807, 49.4295]
    assert feature["properties"]["url"] == report.get_absolute_url()
    assert feature["properties"]["count"] == 1


def test_the_map_data_of_the_whole_departement_is_clustered_on_the_server(
    client, pothole, settings
):
    many_reports(400, category=pothole)
    data = client.get(f"/signalements/carte.geojson?bbox={OISE_BBOX}&zoom=9").json()
    counts = [f["properties"]["count"] for f in data["features"]]
    assert sum(counts) == 400 and len(counts) < 10
    zoomed = client.get(f"/signalements/carte.geojson?bbox={OISE_BBOX}&zoom=17").json()
    assert all(f["properties"]["count"] == 1 for f in zoomed["features"])


def test_the_map_data_ignores_a_broken_bbox(client, people, pothole):
    make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    response = client.get("/signalements/carte.geojson?bbox=a,b&zoom=x")
    assert response.status_code == 200 and len(response.json()["features"]) == 1


@pytest.mark.parametrize("size", [3, 60])
def test_the_list_the_map_data_and_a_report_page_cost_fixed_queries(
    size, client, people, pothole, django_assert_num_queries
):
    many_reports(size, category=pothole, user=people["reporter"])
    report = make_report(user=people["reporter"], category=pothole, point=CREIL)
    services.confirm(user=people["citizen"], report=report)
    services.change_status(user=people["agent"], report=report, status="taken")
    client.get("/signalements/")  # the layout's cached parts
    with django_assert_num_queries(8):
        client.get(f"/signalements/?category={pothole.pk}&status=received")
    with django_assert_num_queries(2):
        client.get(f"/signalements/carte.geojson?bbox={OISE_BBOX}&zoom=9")
    client.get(f"/signalements/{report.pk}/")
    with django_assert_num_queries(7):
        client.get(f"/signalements/{report.pk}/")


def test_statistics_by_month_with_the_median_time_to_resolution(client, people, pothole):
    for days in (2, 4, 10):
        report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
        StreetReport.objects.filter(pk=report.pk).update(
            status="resolved", resolved_at=timezone.now(), days_to_resolve=days
        )
    make_report(user=people["reporter"], category=pothole, point=CREIL)
    text = page_text(client.get("/signalements/statistiques/"))
    assert "Sur les 12 derniers mois : 4 reçus, 3 résolus." in text
    month = timezone.localdate().strftime("%Y")
    assert month in text
    row = text.split("Délai médian de résolution (jours)")[1]
    assert "4" in row
    text = page_text(client.get("/signalements/statistiques/?commune=Creil"))
    assert "Sur les 12 derniers mois : 1 reçus, 0 résolus." in text


def test_exports_carry_no_personal_data(client, people, pothole):
    make_report(
        user=people["reporter"],
        category=pothole,
        point=BEAUVAIS,
        description="Devant chez Mme Rita Signale",
        address="3 rue des Lilas",
    )
    body = b"".join(client.get("/signalements/signalements.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["id", "categorie", "service"] and rows[1][1] == "Nid-de-poule"
    assert "Rita" not in body and "Lilas" not in body
    geo = b"".join(client.get("/signalements/signalements.geojson").streaming_content)
    data = json.loads(geo)
    assert data["features"][0]["geometry"]["coordinates"] == [2.0807, 49.4295]
    assert b"Rita" not in geo and b"Lilas" not in geo
