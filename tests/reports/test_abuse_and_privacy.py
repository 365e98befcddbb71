"""Abuse: photos with faces or number plates hidden by staff, abusive descriptions hidden by
moderators. Personal data: reports in the export; deleting the account keeps the report
without the person."""

import json

import pytest
from factories import page_text
from helpers import make_report
from street_report_helpers import BEAUVAIS, jpeg

from civic.people.services import delete_account, export_personal_data
from civic.reports import services
from civic.reports.models import StreetReport

pytestmark = pytest.mark.usefixtures("portal_territory")


@pytest.fixture
def report_with_photo(client, people, pothole):
    client.force_login(people["reporter"])
    client.post(
        "/signalements/nouveau/",
        {
            "category": pothole.pk,
            "description": "Voiture garée sur le trottoir défoncé",
            "latitude": BEAUVAIS[0],
            "longitude": BEAUVAIS[1],
            "photos": [jpeg()],
        },
    )
    client.logout()
    return StreetReport.objects.get()


def test_a_photo_showing_a_number_plate_is_hidden_by_the_service(client, people, report_with_photo):
    photo = report_with_photo.photos.get()
    client.force_login(people["agent"])
    client.post(f"/signalements/photos/{photo.pk}/visibilite/", {"reason": "Plaque lisible"})
    photo.refresh_from_db()
    assert photo.hidden and photo.hidden_reason == "Plaque lisible"
    assert client.get(f"/signalements/photos/{photo.pk}.jpg").status_code == 200  # staff still
    client.force_login(people["citizen"])
    assert client.get(f"/signalements/photos/{photo.pk}.jpg").status_code == 404
    assert f"/signalements/photos/{photo.pk}.jpg" not in page_text(
        client.get(report_with_photo.get_absolute_url())
    )


def test_a_citizen_cannot_hide_a_photo(client, people, report_with_photo):
    photo = report_with_photo.photos.get()
    client.force_login(people["citizen"])
    client.post(f"/signalements/photos/{photo.pk}/visibilite/", {"reason": "Je n'aime pas"})
    photo.refresh_from_db()
    assert not photo.hidden


def test_a_moderator_hides_an_abusive_description_and_the_reporter_is_told_why(
    client, people, report_with_photo
):
    client.force_login(people["moderator"])
    client.post(
        f"{report_with_photo.get_absolute_url()}visibilite/", {"reason": "Propos injurieux"}
    )
    client.force_login(people["citizen"])
    assert client.get(report_with_photo.get_absolute_url()).status_code == 404
    client.force_login(people["reporter"])
    text = page_text(client.get(report_with_photo.get_absolute_url()))
    assert "masqué au public par la modération" in text and "Propos injurieux" in text


def test_reports_and_confirmations_are_in_the_personal_data_export(people, pothole, client):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    services.confirm(user=people["citizen"], report=report)
    data = export_personal_data(user=people["reporter"])
    assert data["signalements_de_rue"][0]["description"] == report.description
    assert export_personal_data(user=people["citizen"])["signalements_de_rue_confirmes"][0][
        "numero"
    ] == (report.pk)
    client.force_login(people["reporter"])
    exported = json.loads(client.get("/mon-compte/mes-donnees.json").content)
    assert exported["signalements_de_rue"][0]["numero"] == report.pk


def test_deleting_the_account_keeps_the_report_without_the_person(client, people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    services.add_note(user=people["agent"], report=report, text="Vu sur place")
    delete_account(user=people["reporter"])
    delete_account(user=people["agent"])
    report = StreetReport.objects.get(pk=report.pk)
    assert report.reporter is None and report.description
    assert report.notes.get().author_name == "Compte supprimé"
    text = page_text(client.get(report.get_absolute_url()))
    assert "Rita" not in text and "par un compte supprimé depuis" in text
