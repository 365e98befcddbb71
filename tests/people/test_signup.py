"""Signing up, confirming the email, logging in and out, resetting a password — in French."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.management import call_command
from factories import page_text, signup_data

from civic.people import permissions
from civic.people.models import Profile
from demo.users import ADMIN_EMAIL, ensure_demo_admin

SIGNUP_URL = "/compte/signup/"


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_the_signup_form_asks_for_the_real_name_commune_and_charter(client):
    html = page_text(client.get(SIGNUP_URL))
    for label in (
        "Prénom",
        "Nom",
        "Adresse e-mail",
        "Mot de passe",
        "Commune de résidence",
        "charte",
    ):
        assert label.lower() in html.lower(), label
    assert '<datalist id="communes-du-territoire">' in html
    assert "Beauvais (60000)" in html


def test_a_newcomer_signs_up_confirms_the_email_and_may_then_participate(client, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 302  # signed in once the address is confirmed

    user = User.objects.get(email="camille.lefevre@exemple.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Lefèvre")
    assert user.profile.home_commune.name == "Beauvais"
    assert user.profile.kind == Profile.Kind.CITIZEN
    assert user.profile.display_name == "Camille Lefèvre"
    assert not permissions.can_participate(user)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camille.lefevre@exemple.fr"]
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", message.body).group(0)
    confirm_path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + confirm_path).status_code == 302

    user = User.objects.get(pk=user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert permissions.can_participate(user)
    assert client.get("/mon-compte/").status_code == 200


def test_the_commune_can_be_given_by_postal_code(client):
    client.post(SIGNUP_URL, signup_data(home_commune="60100"))
    assert User.objects.get(email="camille.lefevre@exemple.fr").profile.home_commune.name == "Creil"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"home_commune": "Atlantide"},
            "home_commune",
            "Aucune commune ne correspond à « Atlantide »",
        ),
        ({"home_commune": ""}, "home_commune", "Champ requis"),
        ({"password1": "azerty"}, "password1", "Ce mot de passe est trop court"),
        ({"accept_charter": ""}, "accept_charter", "Vous devez accepter la charte"),
        ({"last_name": ""}, "last_name", "Champ requis"),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_and_nothing_is_saved(
    client, overrides, field, message
):
    users_before = User.objects.count()
    response = client.post(SIGNUP_URL, signup_data(**overrides))
    assert response.status_code == 200
    assert message in page_text(response)
    assert field in response.context["form"].errors
    assert User.objects.count() == users_before
    # What was typed is kept (except the password).
    if field != "first_name":
        assert 'value="Camille"' in page_text(response)


def test_a_commune_outside_the_portal_territory_is_refused(client):
    call_command("load_territories", "--departement", "80", verbosity=0)
    response = client.post(SIGNUP_URL, signup_data(home_commune="Amiens"))
    assert "Amiens ne fait pas partie du territoire du portail (Oise)" in page_text(response)
    assert not User.objects.filter(email="camille.lefevre@exemple.fr").exists()


def test_an_email_already_in_use_gets_the_answer_of_a_new_signup_and_its_owner_an_email(
    client, member_factory, beauvais, mailoutbox
):
    member_factory(
        first_name="Camille",
        last_name="Autre",
        commune=beauvais,
        email="camille.lefevre@exemple.fr",
    )
    response = client.post(SIGNUP_URL, signup_data(), follow=True)
    assert "Un autre utilisateur utilise déjà cette adresse e-mail" not in page_text(response)
    assert "Vérifiez votre adresse e-mail" in page_text(response)
    assert User.objects.filter(email="camille.lefevre@exemple.fr").count() == 1
    assert mailoutbox[-1].to == ["camille.lefevre@exemple.fr"]
    assert "Un compte utilise déjà cette adresse" in mailoutbox[-1].body


def test_an_ambiguous_commune_name_asks_which_one(client):
    response = client.post(SIGNUP_URL, signup_data(home_commune="Saint-Martin"))
    body = page_text(response)
    assert "Plusieurs communes correspondent à « Saint-Martin »" in body
    assert "Saint-Martin-Longueau (60700)" in body
    assert not User.objects.filter(email="camille.lefevre@exemple.fr").exists()


def test_login_and_logout_by_email(client, member_factory, beauvais):
    member_factory(first_name="Nina", last_name="Roux", commune=beauvais, email="nina@exemple.fr")
    response = client.post(
        "/compte/login/", {"login": "nina@exemple.fr", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200
    client.post("/compte/logout/")
    assert client.get("/mon-compte/").status_code == 302


def test_a_wrong_password_gets_a_french_message(client, member_factory, beauvais):
    member_factory(first_name="Nina", last_name="Roux", commune=beauvais, email="nina@exemple.fr")
    response = client.post("/compte/login/", {"login": "nina@exemple.fr", "password": "mauvais"})
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects" in page_text(response)


def test_password_reset_sends_a_french_email_with_a_working_link(
    client, member_factory, beauvais, mailoutbox
):
    member_factory(first_name="Nina", last_name="Roux", commune=beauvais, email="nina@exemple.fr")
    client.post("/compte/password/reset/", {"email": "nina@exemple.fr"})
    assert len(mailoutbox) == 1
    assert "mot de passe" in mailoutbox[0].body.lower()
    link = re.search(r"https?://\S+(/compte/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link,
        {"password1": "Nouveau-mot-de-passe-2026", "password2": "Nouveau-mot-de-passe-2026"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="nina@exemple.fr").check_password("Nouveau-mot-de-passe-2026")


def test_signups_are_rate_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for n in range(2):
        client.post(SIGNUP_URL, signup_data(email=f"personne{n}@exemple.fr"))
        client.post("/compte/logout/")
    response = client.post(SIGNUP_URL, signup_data(email="personne9@exemple.fr"))
    assert response.status_code == 429
    assert not User.objects.filter(email="personne9@exemple.fr").exists()


def test_the_admin_login_locks_out_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_superuser(
        "admin", "admin@exemple.fr", "vrai-mot-de-passe-long"
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin", "password": "faux"})
    response = client.post(
        "/admin/login/", {"username": "admin", "password": "vrai-mot-de-passe-long"}
    )
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in page_text(response)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/compte/email/", "Adresse e-mail"),
        ("/compte/password/change/", "Modifier le mot de passe"),
    ],
)
def test_account_pages_render_in_the_portal_layout_in_french(
    client, member_factory, beauvais, url, heading
):
    client.force_login(member_factory(first_name="Nina", last_name="Roux", commune=beauvais))
    html = page_text(client.get(url))
    assert heading in html
    assert 'id="contenu"' in html  # inside the portal's own layout


def test_a_member_changes_email_and_must_confirm_the_new_one(
    client, member_factory, beauvais, mailoutbox
):
    user = member_factory(
        first_name="Nina", last_name="Roux", commune=beauvais, email="nina@exemple.fr"
    )
    client.force_login(user)
    response = client.post("/compte/email/", {"action_add": "", "email": "nina.roux@nouveau.fr"})
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["nina.roux@nouveau.fr"]
    assert EmailAddress.objects.get(email="nina.roux@nouveau.fr").verified is False


def test_the_demo_administrator_signs_in_on_the_portal_without_a_mailbox(client):
    ensure_demo_admin("mot-de-passe-admin-demo")
    response = client.post(
        "/compte/login/", {"login": ADMIN_EMAIL, "password": "mot-de-passe-admin-demo"}
    )
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_an_unconfirmed_member_signing_in_is_asked_to_confirm_first(
    client, member_factory, beauvais, mailoutbox
):
    member_factory(
        first_name="Nina",
        last_name="Roux",
        commune=beauvais,
        email="nina@exemple.fr",
        confirmed=False,
    )
    response = client.post(
        "/compte/login/",
        {"login": "nina@exemple.fr", "password": "un-mot-de-passe-solide"},
        follow=True,
    )
    assert "Vérifiez votre adresse e-mail" in page_text(response)
    assert mailoutbox[-1].to == ["nina@exemple.fr"]
    assert client.get("/mon-compte/").status_code == 302
