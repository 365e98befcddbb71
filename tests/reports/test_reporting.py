"""Reporting a problem: category, place (a point or an address), description, photos; bad
input gets a French message and loses nothing already typed or uploaded."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import page_text
from PIL import Image
from street_report_helpers import BEAUVAIS, CREIL, PARIS, heic, jpeg

from civic.reports.models import StreetReport

URL = "/signalements/nouveau/"
pytestmark = pytest.mark.usefixtures("portal_territory")


def send(client, category, *, point=None, **fields):
    data = {"category": category.pk, "description": "Un trou profond devant la boulangerie."}
    if point:
        data["latitude"], data["longitude"] = point
    data.update(fields)
    return client.post(URL, data)


def test_a_citizen_reports_a_pothole_on_the_map_and_its_commune_comes_from_the_point(
    client, people, pothole, beauvais
):
    client.force_login(people["reporter"])
    response = send(client, pothole, point=BEAUVAIS, photos=[jpeg()])
    report = StreetReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/signalements/{report.pk}/"
    assert report.commune == beauvais
    assert report.status == StreetReport.Status.RECEIVED and not report.approximate
    assert report.events.get().status == "received"
    assert report.response_due_at is not None
    page = page_text(client.get(response["Location"]))
    assert "Nid-de-poule — Beauvais" in page and "Reçu" in page


def test_photos_lose_their_gps_position_and_camera_and_are_resized(client, people, pothole):
    client.force_login(people["reporter"])
    send(client, pothole, point=BEAUVAIS, photos=[jpeg()])
    photo = StreetReport.objects.get().photos.get()
    with Image.open(photo.image.path) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    served = client.get(f"/signalements/photos/{photo.pk}.jpg")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_a_heic_photo_from_an_iphone_is_accepted(client, people, pothole):
    client.force_login(people["reporter"])
    send(client, pothole, point=BEAUVAIS, photos=[heic()])
    assert StreetReport.objects.get().photos.count() == 1


def test_without_javascript_an_address_and_a_commune_are_enough(client, people, pothole, creil):
    client.force_login(people["reporter"])
    response = send(client, pothole, address="12 rue de la République", commune="Creil")
    report = StreetReport.objects.get()
    assert response.status_code == 302
    assert report.commune == creil and report.approximate
    assert report.latitude is not None  # the commune's centre, from the shipped outlines


def test_the_commune_is_prefilled_from_the_home_commune(client, people, pothole):
    client.force_login(people["reporter"])
    assert 'value="Beauvais (60000)"' in client.get(URL).content.decode()


def test_no_place_is_refused_in_french_and_the_description_is_kept(client, people, pothole):
    client.force_login(people["reporter"])
    response = send(client, pothole, description="Lampadaire qui clignote")
    text = page_text(response)
    assert "Indiquez où se trouve le problème" in text
    assert "Lampadaire qui clignote" in text
    assert not StreetReport.objects.exists()


def test_a_point_100_km_away_is_refused_and_the_photo_already_sent_is_kept(client, people, pothole):
    client.force_login(people["reporter"])
    response = send(client, pothole, point=(50.4, 3.1), photos=[jpeg()])
    text = page_text(response)
    assert "hors du territoire du portail, à environ" in text
    assert "1 photo déjà envoyée est gardée" in text
    token = re.search(r'name="kept_photos" value="([^"]+)"', response.content.decode())[1]
    # Sent again with the right place, without uploading the photo again.
    response = send(client, pothole, point=BEAUVAIS, kept_photos=token)
    assert response.status_code == 302
    assert StreetReport.objects.get().photos.count() == 1


def test_a_point_in_paris_is_outside_the_oise(client, people, pothole):
    client.force_login(people["reporter"])
    assert "hors du territoire du portail" in page_text(send(client, pothole, point=PARIS))


def test_a_file_that_is_not_an_image_is_refused_by_name(client, people, pothole):
    client.force_login(people["reporter"])
    fake = SimpleUploadedFile("facture.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    text = page_text(send(client, pothole, point=BEAUVAIS, photos=[fake]))
    assert "« facture.jpg » n'est pas une image lisible" in text
    assert not StreetReport.objects.exists()


def test_a_20_mb_photo_is_refused_with_its_size(client, people, pothole):
    client.force_login(people["reporter"])
    big = SimpleUploadedFile("enorme.jpg", b"\xff" * (20 * 1024 * 1024), content_type="image/jpeg")
    text = page_text(send(client, pothole, point=BEAUVAIS, photos=[big]))
    assert "« enorme.jpg » pèse 20 Mo : 12 Mo au plus" in text


def test_a_fourth_photo_is_not_kept(client, people, pothole):
    client.force_login(people["reporter"])
    text = page_text(send(client, pothole, photos=[jpeg(f"p{i}.jpg") for i in range(4)]))
    assert "3 photos au plus" in text
    assert "3 photos déjà envoyées sont gardées" in text


def test_someone_elses_photo_token_gives_nothing(client, people, pothole):
    client.force_login(people["reporter"])
    response = send(client, pothole, photos=[jpeg()])
    token = re.search(r'name="kept_photos" value="([^"]+)"', response.content.decode())[1]
    client.force_login(people["citizen"])
    send(client, pothole, point=BEAUVAIS, kept_photos=token)
    assert StreetReport.objects.get().photos.count() == 0


def test_a_category_limited_to_beauvais_refuses_a_point_in_creil(client, people, streetlight):
    client.force_login(people["reporter"])
    text = page_text(send(client, streetlight, point=CREIL))
    assert "La catégorie « Lampadaire en panne » ne concerne que Beauvais" in text


def test_an_anonymous_report_hides_the_name_from_the_public_but_not_from_the_service(
    client, people, pothole
):
    client.force_login(people["reporter"])
    send(client, pothole, point=BEAUVAIS, anonymous="on")
    url = StreetReport.objects.get().get_absolute_url()
    client.force_login(people["citizen"])
    assert "Rita" not in page_text(client.get(url))
    client.force_login(people["agent"])
    assert "Rita Signale" in page_text(client.get(url))


def test_reporting_too_fast_is_refused_and_the_text_kept(client, people, pothole, settings):
    settings.CIVIC_STREET_REPORT_RATE = "1/h"
    client.force_login(people["reporter"])
    send(client, pothole, point=BEAUVAIS)
    text = page_text(send(client, pothole, point=CREIL, description="Deuxième trou"))
    assert "beaucoup de signalements en peu de temps" in text and "Deuxième trou" in text
    assert StreetReport.objects.count() == 1


def test_a_visitor_is_asked_to_sign_in_before_reporting(client, pothole):
    response = client.get(URL)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_the_form_may_ask_for_the_browsers_position(client, people, pothole):
    client.force_login(people["reporter"])
    policy = client.get(URL)["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy


def test_the_demo_portal_offers_the_councils_categories(client, demo, people):
    client.force_login(people["reporter"])
    text = page_text(client.get(URL))
    for category in ("Nid-de-poule", "Lampadaire en panne", "Dépôt sauvage", "Arbre tombé"):
        assert category in text


def test_photos_of_a_form_never_completed_are_deleted_after_a_day(client, people, pothole):
    import os
    import time
    from io import StringIO

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    client.force_login(people["reporter"])
    send(client, pothole, photos=[jpeg("vieille.jpg")])  # no place: refused, photo kept
    send(client, pothole, photos=[jpeg("recente.jpg")])
    _dirs, files = default_storage.listdir("signalements/attente")
    old = default_storage.path(f"signalements/attente/{files[0]}")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    call_command("purge_report_uploads", stdout=StringIO())
    assert default_storage.listdir("signalements/attente")[1] == [files[1]]
