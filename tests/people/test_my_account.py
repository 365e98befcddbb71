"""Mon compte: edit the profile, change commune, export my data, delete my account."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import page_text
from PIL import Image

from civic.people.models import Profile


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return portal_territory


@pytest.fixture
def camille(member_factory, beauvais):
    return member_factory(
        first_name="Camille", last_name="Durand", commune=beauvais, email="camille@exemple.fr"
    )


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def profile_form(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "home_commune": "Creil",
        "bio": "Habitante de Creil, bénévole au club de lecture.",
        "links": "https://camille.example.fr",
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/mon-compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_a_member_changes_commune_and_bio(client, camille):
    client.force_login(camille)
    response = client.post("/mon-compte/profil/", profile_form())
    assert response.status_code == 302
    profile = Profile.objects.get(user=camille)
    assert profile.home_commune.name == "Creil"
    assert profile.bio.startswith("Habitante de Creil")


def test_an_avatar_is_resized(client, camille):
    client.force_login(camille)
    client.post("/mon-compte/profil/", profile_form(avatar=png(1600, 1200)))
    profile = Profile.objects.get(user=camille)
    with Image.open(profile.avatar.path) as stored:
        assert max(stored.size) == 400


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"),
            "image",
        ),
        ("big", "plus de 2 Mo"),
    ],
)
def test_a_bad_avatar_is_refused_in_french_and_nothing_is_saved(client, camille, upload, message):
    if upload == "big":
        buffer = io.BytesIO()
        Image.effect_noise((1800, 1800), 120).convert("RGB").save(buffer, format="PNG")
        upload = SimpleUploadedFile("grosse.png", buffer.getvalue(), content_type="image/png")
        assert upload.size > 2 * 1024 * 1024
    client.force_login(camille)
    response = client.post("/mon-compte/profil/", profile_form(avatar=upload))
    assert response.status_code == 200
    assert message in page_text(response)
    profile = Profile.objects.get(user=camille)
    assert not profile.avatar
    assert profile.home_commune.name == "Beauvais"  # nothing saved half-way


def test_an_unknown_commune_is_refused_and_the_typed_values_are_kept(client, camille):
    client.force_login(camille)
    response = client.post("/mon-compte/profil/", profile_form(home_commune="Gotham"))
    html = page_text(response)
    assert "Aucune commune ne correspond à « Gotham »" in html
    assert "Habitante de Creil" in html


def test_my_data_export_is_a_json_file_with_everything_about_me(client, camille):
    client.force_login(camille)
    response = client.get("/mon-compte/mes-donnees.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["compte"]["courriel"] == "camille@exemple.fr"
    assert data["compte"]["prenom"] == "Camille"
    assert data["profil"]["commune_code_insee"] == "60057"
    assert data["profil"]["type"] == "citizen"


def test_deleting_my_account_needs_my_password(client, camille):
    client.force_login(camille)
    response = client.post("/mon-compte/supprimer/", {"password": "pas-le-bon"})
    assert "Mot de passe incorrect" in page_text(response)
    assert User.objects.filter(pk=camille.pk).exists()


def test_deleting_my_account_erases_it_and_my_personal_data(client, camille):
    client.force_login(camille)
    profile_pk = camille.profile.pk
    response = client.post("/mon-compte/supprimer/", {"password": "un-mot-de-passe-solide"})
    assert response.status_code == 302
    assert not User.objects.filter(email="camille@exemple.fr").exists()
    assert not Profile.objects.filter(pk=profile_pk).exists()
    assert client.get("/mon-compte/").status_code == 302  # logged out
