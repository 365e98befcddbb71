"""No duplicates, more weight: open reports of the same category within 50 m are shown before
sending; confirming one adds weight and makes the person follow it."""

import pytest
from factories import page_text
from helpers import make_report
from street_report_helpers import BEAUVAIS, BEAUVAIS_20M, BEAUVAIS_100M

from civic.reports import services
from civic.reports.models import StreetReport

URL = "/signalements/nouveau/"
pytestmark = pytest.mark.usefixtures("portal_territory")


def send(client, category, point, **fields):
    data = {
        "category": category.pk,
        "description": "Encore ce trou.",
        "latitude": point[0],
        "longitude": point[1],
        **fields,
    }
    return client.post(URL, data)


def test_an_open_report_of_the_same_category_20_m_away_is_shown_before_sending(
    client, people, pothole
):
    first = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    client.force_login(people["citizen"])
    response = send(client, pothole, BEAUVAIS_20M)
    text = page_text(response)
    assert "C'est peut-être déjà signalé" in text
    assert f"/signalements/{first.pk}/confirmer/" in text
    assert "Encore ce trou." in text  # what was typed is still in the form
    assert StreetReport.objects.count() == 1


def test_confirming_adds_weight_and_the_confirmer_is_told_of_the_next_step(client, people, pothole):
    first = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    client.force_login(people["citizen"])
    client.post(f"/signalements/{first.pk}/confirmer/")
    client.post(f"/signalements/{first.pk}/confirmer/")  # twice counts once
    first.refresh_from_db()
    assert first.confirmations_count == 1
    services.change_status(user=people["agent"], report=first, status="taken")
    from civic.dialogue.models.notifications import Notification

    recipients = set(
        Notification.objects.filter(street_report=first).values_list("recipient", flat=True)
    )
    assert recipients == {people["reporter"].pk, people["citizen"].pk}


def test_the_reporter_cannot_confirm_their_own_report(client, people, pothole):
    first = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    client.force_login(people["reporter"])
    client.post(f"/signalements/{first.pk}/confirmer/")
    first.refresh_from_db()
    assert first.confirmations_count == 0


def test_after_seeing_the_others_a_person_may_still_send_their_own(client, people, pothole):
    make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    client.force_login(people["citizen"])
    response = send(client, pothole, BEAUVAIS_20M, duplicates_seen="on")
    assert response.status_code == 302
    assert StreetReport.objects.count() == 2


@pytest.mark.parametrize(
    "case",
    ["100 m away", "another category", "resolved", "hidden"],
)
def test_only_open_public_reports_of_the_same_category_within_50_m_are_offered(
    case, people, pothole, streetlight
):
    point = BEAUVAIS_100M if case == "100 m away" else BEAUVAIS
    category = streetlight if case == "another category" else pothole
    other = make_report(user=people["reporter"], category=category, point=point)
    if case == "resolved":
        StreetReport.objects.filter(pk=other.pk).update(status="resolved")
    if case == "hidden":
        StreetReport.objects.filter(pk=other.pk).update(hidden=True)
    found = services.possible_duplicates(
        category=pothole, latitude=BEAUVAIS_20M[0], longitude=BEAUVAIS_20M[1]
    )
    assert found == []


def test_the_nearest_report_comes_first(people, pothole):
    far = make_report(user=people["reporter"], category=pothole, point=(49.42985, 2.0807))
    near = make_report(user=people["citizen"], category=pothole, point=BEAUVAIS_20M)
    found = services.possible_duplicates(
        category=pothole, latitude=BEAUVAIS[0], longitude=BEAUVAIS[1]
    )
    assert found == [near, far]
