"""FranceConnect against a real OpenID Connect provider on localhost (never mocked)."""

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from factories import make_member, page_text
from oidc_server import CLIENT_ID, free_port, query_of
from wagtail.models import Site

from civic.identity.levels import IdentitySource, TrustLevel
from civic.territories.settings import CivicSettings

REFUSED = "La connexion avec FranceConnect n'a pas pu être vérifiée"
UNAVAILABLE = "FranceConnect ne répond pas pour le moment"


@pytest.fixture(autouse=True)
def portal_in_the_oise(oise):
    site = Site.objects.get(is_default_site=True)
    CivicSettings.objects.update_or_create(site=site, defaults={"territory": oise})


def start(client, path="/franceconnect/connexion/"):
    """The person presses FranceConnect's button: the portal sends them to the provider."""
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, **mode):
    provider.will_sign_in(**mode)
    return client.get(provider.follow_to_portal(start(client)))


def finish_signup(client, **data):
    return client.post(
        "/franceconnect/inscription/",
        {"name_form": "full", "home_commune": "Beauvais (60000)", "accept_charter": "on", **data},
    )


def test_without_settings_the_button_does_not_show_and_its_pages_do_not_exist(client):
    assert "FranceConnect" not in page_text(client.get("/compte/login/"))
    assert client.get("/franceconnect/connexion/").status_code == 404


def test_the_login_page_shows_the_official_button_and_its_help_link(client, provider):
    html = page_text(client.get("/compte/login/"))
    assert '<button type="submit" class="fr-connect">' in html
    assert (
        "S’identifier avec" in html
        and '<span class="fr-connect__brand">FranceConnect</span>' in html
    )
    assert (
        'href="https://franceconnect.gouv.fr/"' in html and "Qu’est-ce que FranceConnect ?" in html
    )


def test_the_request_asks_for_eidas1_the_identity_scopes_with_state_and_nonce(client, provider):
    params = query_of(start(client))
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["acr_values"] == "eidas1"
    assert params["scope"] == "openid given_name family_name birthdate email"
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["redirect_uri"] == "http://testserver/franceconnect/retour/"


def test_a_newcomer_signs_up_with_franceconnect_and_is_certified(client, provider, beauvais):
    response = sign_in(client, provider, given_name="Éloïse", family_name="Dupont-Lefèvre")
    assert response["Location"] == "/franceconnect/inscription/"
    html = page_text(client.get("/franceconnect/inscription/"))
    assert "Éloïse Dupont-Lefèvre" in html and "n'est pas conservée" in html
    response = finish_signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="camille.durand@exemple.fr")
    assert (user.first_name, user.last_name) == ("Éloïse", "Dupont-Lefèvre")
    profile = user.profile
    assert profile.identity_source == IdentitySource.FRANCECONNECT
    assert profile.trust_level == TrustLevel.CERTIFIED
    assert profile.home_commune == beauvais
    assert not user.has_usable_password()
    home = page_text(client.get("/mon-compte/"))
    assert "Identité certifiée FranceConnect" in home
    # The birth date is used for the check only: kept nowhere.
    export = client.get("/mon-compte/mes-donnees.json").content.decode()
    assert "1985" not in export
    assert json.loads(export)["profil"]["source_de_l_identite"] == "Certifiée par FranceConnect"


def test_a_sign_up_without_the_charter_keeps_what_was_chosen(client, provider):
    sign_in(client, provider)
    response = finish_signup(client, accept_charter="", name_form="initial")
    assert response.status_code == 200
    assert "Vous devez accepter la charte" in page_text(response)
    assert not User.objects.filter(email="camille.durand@exemple.fr").exists()


def test_where_staff_do_not_allow_it_the_full_name_is_shown_whatever_is_sent(client, provider):
    settings = CivicSettings.current()
    settings.allow_initial_names = False
    settings.save()
    sign_in(client, provider)

    assert "Camille D." not in page_text(client.get("/franceconnect/inscription/"))
    finish_signup(client, name_form="initial")

    user = User.objects.get(email="camille.durand@exemple.fr")
    assert user.profile.display_name == "Camille Durand"


def test_a_certified_citizen_may_show_the_initial_of_the_family_name_but_not_edit_names(
    client, provider
):
    sign_in(client, provider)
    finish_signup(client, name_form="initial")
    user = User.objects.get(email="camille.durand@exemple.fr")
    assert user.profile.display_name == "Camille D."
    response = client.post(
        "/mon-compte/profil/",
        {
            "first_name": "Autre",
            "last_name": "Nom",
            "home_commune": "Beauvais (60000)",
            "bio": "",
            "links": "",
            "name_form": "full",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Camille", "Durand")
    assert user.profile.display_name == "Camille Durand"
    assert "Certifié par FranceConnect : non modifiable." in page_text(
        client.get("/mon-compte/profil/")
    )


def test_a_name_the_state_spells_outside_the_typed_names_rule_still_saves_the_profile(
    client, provider
):
    sign_in(client, provider, given_name="Jean-Marie", family_name="Saint-Exupéry  II")
    finish_signup(client)
    data = {
        "home_commune": "Beauvais (60000)",
        "bio": "Cycliste.",
        "links": "",
        "name_form": "full",
    }
    assert client.post("/mon-compte/profil/", data).status_code == 302
    user = User.objects.get(email="camille.durand@exemple.fr")
    assert user.last_name == "Saint-Exupéry  II" and user.profile.bio == "Cycliste."


def test_a_linked_person_signs_in_again_with_franceconnect(client, provider):
    sign_in(client, provider)
    finish_signup(client)
    client.logout()
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/mon-compte/"
    assert client.get("/mon-compte/").status_code == 200


def test_an_account_with_the_same_address_is_never_merged_and_is_linked_once_signed_in(
    client, provider, beauvais
):
    owner = make_member(
        first_name="Camille",
        last_name="Durant",
        commune=beauvais,
        email="camille.durand@exemple.fr",
    )
    response = sign_in(client, provider)
    assert response["Location"] == "/compte/login/"
    assert "Un compte existe déjà avec l'adresse" in page_text(client.get("/compte/login/"))
    assert "_auth_user_id" not in client.session
    owner.profile.refresh_from_db()
    assert owner.profile.identity_source == IdentitySource.DECLARED

    response = client.post(
        "/compte/login/",
        {"login": "camille.durand@exemple.fr", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(owner.pk)
    response = client.post("/franceconnect/relier/")
    location = provider.follow_to_portal(start_following(client, response))
    response = client.get(location)
    assert response["Location"] == "/mon-compte/"
    owner.refresh_from_db()
    assert owner.last_name == "Durand"  # the State's spelling
    assert owner.profile.trust_level == TrustLevel.CERTIFIED
    assert "votre identité est certifiée" in page_text(client.get("/mon-compte/"))


def start_following(client, response):
    assert response.status_code == 302 and response["Location"] == "/franceconnect/connexion/"
    return start(client)


def test_an_account_unlinks_franceconnect_and_its_names_become_editable(client, provider, beauvais):
    owner = make_member(
        first_name="Camille", last_name="Durand", commune=beauvais, email="c@exemple.fr"
    )
    client.force_login(owner)
    provider.will_sign_in(email="autre@exemple.fr")
    client.get(
        provider.follow_to_portal(start_following(client, client.post("/franceconnect/relier/")))
    )
    owner.profile.refresh_from_db()
    assert owner.profile.is_certified
    response = client.post("/franceconnect/delier/")
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.trust_level == TrustLevel.DECLARED
    assert owner.profile.franceconnect_sub is None
    assert "non modifiable" not in page_text(client.get("/mon-compte/profil/"))


@pytest.mark.parametrize("tamper", ["nonce", "aud", "expired", "unsigned", "acr"])
def test_a_token_that_fails_a_check_is_refused_with_a_french_message(client, provider, tamper):
    response = sign_in(client, provider, tamper=tamper)
    assert response.status_code == 302 and response["Location"] == "/compte/login/"
    assert REFUSED in page_text(client.get("/compte/login/"))
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="camille.durand@exemple.fr").exists()


def test_an_eidas_level_lower_than_asked_from_the_provider_itself_is_refused(client, provider):
    response = sign_in(client, provider, acr="eidas0")
    assert response["Location"] == "/compte/login/"
    assert REFUSED in page_text(client.get("/compte/login/"))


def test_a_wrong_state_is_refused(client, provider):
    provider.will_sign_in()
    location = provider.follow_to_portal(start(client))
    params = query_of(location)
    response = client.get("/franceconnect/retour/", {"code": params["code"], "state": "x" * 32})
    assert response["Location"] == "/compte/login/"
    assert REFUSED in page_text(client.get("/compte/login/"))
    assert "_auth_user_id" not in client.session


def test_a_replayed_answer_is_refused(client, provider):
    provider.will_sign_in()
    location = provider.follow_to_portal(start(client))
    client.get(location)
    response = client.get(location)
    assert response["Location"] == "/compte/login/"


def test_logging_out_goes_through_the_provider_with_the_id_token_and_state(client, provider):
    sign_in(client, provider)
    finish_signup(client)
    assert 'action="/franceconnect/deconnexion/"' in page_text(client.get("/mon-compte/"))
    response = client.post("/franceconnect/deconnexion/")
    assert response.status_code == 302
    params = query_of(response["Location"])
    assert response["Location"].startswith(provider.url + "/session/end")
    assert params["id_token_hint"] and params["state"]
    assert params["post_logout_redirect_uri"] == "http://testserver/franceconnect/deconnecte/"
    assert "_auth_user_id" not in client.session
    back = provider.confirm_logout(response["Location"])
    assert query_of(back)["state"] == params["state"]
    said = [str(m) for m in get_messages(client.get(back).wsgi_request)]
    assert said == ["Vous êtes déconnecté·e du portail et de FranceConnect."]


def test_when_the_provider_is_down_the_person_is_told_in_french_and_signs_in_with_a_password(
    client, settings, beauvais
):
    settings.FRANCECONNECT_CLIENT_ID = CLIENT_ID
    settings.FRANCECONNECT_CLIENT_SECRET = "secret"
    settings.FRANCECONNECT_ISSUER = f"http://127.0.0.1:{free_port()}"  # nothing listens
    settings.FRANCECONNECT_TIMEOUT = 2
    response = client.get("/franceconnect/connexion/")
    assert response["Location"] == "/compte/login/"
    assert UNAVAILABLE in page_text(client.get("/compte/login/"))
    make_member(first_name="Camille", last_name="Durand", commune=beauvais, email="c@exemple.fr")
    response = client.post(
        "/compte/login/", {"login": "c@exemple.fr", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_unfinished_sign_ups_never_lock_the_address_out(client, provider, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for n in range(4):
        provider.browser.cookies.clear()  # another person at the same computer
        response = sign_in(client, provider, sub=f"fc-sub-{n}", email=f"personne{n}@exemple.fr")
        assert response["Location"] == "/franceconnect/inscription/", n
    finish_signup(client)
    assert User.objects.filter(email="personne3@exemple.fr").exists()


def test_an_address_taken_during_the_sign_up_is_not_merged_either(client, provider, beauvais):
    sign_in(client, provider)
    make_member(
        first_name="Camille",
        last_name="Durand",
        commune=beauvais,
        email="camille.durand@exemple.fr",
    )
    response = finish_signup(client)
    assert response["Location"] == "/compte/login/"
    assert User.objects.filter(email="camille.durand@exemple.fr").count() == 1
    assert "_auth_user_id" not in client.session
