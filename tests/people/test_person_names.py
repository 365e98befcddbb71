"""Names are names: letters (accents too), spaces, hyphens and apostrophes — at sign-up and on the profile."""

import pytest
from django.contrib.auth.models import User
from factories import make_member, page_text

NOT_A_NAME = "ne ressemble pas à un nom"


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def signup_data(**overrides):
    return {
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "email": "camille.lefevre@exemple.fr",
        "password1": "Marais-de-Sacy-2026",
        "home_commune": "Beauvais",
        "accept_charter": "on",
        **overrides,
    }


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Jean-Pierre", "N'Diaye"),
        ("Éloïse", "d’Artagnan"),
        ("Marie Claire", "Lefèvre-Ørsted"),
        ("Zoé", "Çelik"),
    ],
)
def test_real_names_with_accents_hyphens_and_apostrophes_are_accepted_at_sign_up(
    client, first, last
):
    response = client.post("/compte/signup/", signup_data(first_name=first, last_name=last))
    assert response.status_code == 302, page_text(response)
    user = User.objects.get(email="camille.lefevre@exemple.fr")
    assert (user.first_name, user.last_name) == (first, last)


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        "Camille2",
        "R2D2",
        "Jean_Pierre",
        "@camille",
        "Jean--Pierre",
        "-Jean",
        "Jean;",
        "<b>",
    ],
)
def test_markup_digits_and_symbols_are_refused_at_sign_up_keeping_what_was_typed(client, typed):
    response = client.post("/compte/signup/", signup_data(first_name=typed))
    assert response.status_code == 200
    html = page_text(response)
    assert NOT_A_NAME in html
    assert 'value="Lefèvre"' in html
    assert not User.objects.filter(email="camille.lefevre@exemple.fr").exists()


def test_extra_spaces_are_collapsed_and_a_decomposed_accent_is_composed(client):
    response = client.post(
        "/compte/signup/", signup_data(first_name="  Ele\u0301onore  ", last_name="De   La Tour")
    )
    assert response.status_code == 302
    user = User.objects.get(email="camille.lefevre@exemple.fr")
    assert (user.first_name, user.last_name) == ("Eléonore", "De La Tour")


def test_a_name_longer_than_its_column_is_refused_in_french(client):
    response = client.post("/compte/signup/", signup_data(first_name="a" * 151))
    assert response.status_code == 200
    assert "150 caractères" in page_text(response)


def test_markup_is_refused_on_the_profile_and_the_name_is_kept(client, beauvais):
    member = make_member(first_name="Camille", last_name="Durand", commune=beauvais)
    client.force_login(member)
    data = {
        "first_name": "<img src=x onerror=alert(1)>",
        "last_name": "Durand",
        "home_commune": "Beauvais (60000)",
        "bio": "",
        "links": "",
    }
    response = client.post("/mon-compte/profil/", data)
    assert response.status_code == 200
    assert NOT_A_NAME in page_text(response)
    member.refresh_from_db()
    assert member.first_name == "Camille"


def test_a_hyphenated_name_is_saved_from_the_profile(client, beauvais):
    member = make_member(first_name="Camille", last_name="Durand", commune=beauvais)
    client.force_login(member)
    data = {
        "first_name": "Anne-Sophie",
        "last_name": "L'Hôte",
        "home_commune": "Beauvais (60000)",
        "bio": "",
        "links": "",
    }
    assert client.post("/mon-compte/profil/", data).status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Anne-Sophie", "L'Hôte")
    assert member.profile.display_name == "Anne-Sophie L'Hôte"
