"""What the portal says to people: its emails, its sign-in messages and its error pages."""

import re
from html import unescape

import pytest
from factories import page_text
from people.test_signup import SIGNUP_URL, signup_data
from wagtail.models import Site

from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification
from civic.territories.settings import CivicSettings


@pytest.fixture(autouse=True)
def council_of_the_oise(portal_territory):
    settings = CivicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.authority_name = "Département de l'Oise"
    settings.save()
    return settings


def test_the_confirmation_email_greets_the_person_by_name_in_the_councils_name(client, mailoutbox):
    client.post(SIGNUP_URL, signup_data())

    message = mailoutbox[0]
    assert message.subject == "Département de l'Oise : confirmez votre adresse électronique"
    assert message.body.startswith("Bonjour Camille Lefèvre,")
    assert "L'équipe du portail — Département de l'Oise" in message.body
    assert re.search(r"https?://\S+/compte/confirm-email/\S+/", message.body)
    # Nothing of allauth's stock wording (« Bonjour, c'est 127.0.0.1:8000 ! »).
    assert "c'est" not in message.body
    assert "Merci" not in message.body


def test_a_password_reset_email_greets_the_member_by_name(
    client, member_factory, beauvais, mailoutbox
):
    member_factory(first_name="Nina", last_name="Roux", commune=beauvais, email="nina@exemple.fr")
    client.post("/compte/password/reset/", {"email": "nina@exemple.fr"})

    message = mailoutbox[0]
    assert message.subject == "Département de l'Oise : choisir un nouveau mot de passe"
    assert message.body.startswith("Bonjour Nina Roux,")
    assert "L'équipe du portail — Département de l'Oise" in message.body


def test_signing_in_greets_the_member_by_the_name_others_see(client, member_factory, beauvais):
    member_factory(first_name="Léa", last_name="Martin", commune=beauvais, email="lea@exemple.fr")
    response = client.post(
        "/compte/login/",
        {"login": "lea@exemple.fr", "password": "un-mot-de-passe-solide"},
        follow=True,
    )

    text = unescape(page_text(response))
    assert "Léa Martin" in text
    assert "avec lea " not in text


def test_the_admin_login_is_in_french_and_takes_the_identifier_the_demo_prints(client, demo):
    printed = re.search(r"Identifiant :\s+(\S+)", demo.output).group(1)

    html = page_text(client.get("/admin/login/"))
    assert "Adresse électronique" in html
    assert "Mot de passe" in html
    assert "Password" not in html

    response = client.post("/admin/login/", {"username": printed, "password": demo.admin_password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("civility", "badge"),
    [
        ("madame", "Élue vérifiée — Conseillère départementale de l'Oise"),
        ("monsieur", "Élu vérifié — Conseiller départemental de l'Oise"),
        ("", "Élu·e vérifié·e — Conseiller·e départemental·e de l'Oise"),
    ],
)
def test_an_elected_officials_badge_agrees_with_the_civility_they_chose(
    member_factory, beauvais, oise, moderator, civility, badge
):
    user = member_factory(first_name="Dominique", last_name="Roy", commune=beauvais)
    profile = user.profile
    profile.civility = civility
    profile.save()
    request_verification(
        profile=profile,
        kind=Profile.Kind.ELECTED,
        identity={
            "office": Profile.Office.CONSEILLER_DEPARTEMENTAL,
            "mandate_territory": oise,
            "mandate_start": "2021-07-01",
        },
    )
    decide_verification(profile=profile, moderator=moderator, approve=True, reason="")

    assert str(Profile.objects.get(pk=profile.pk).badge) == badge


def test_a_member_chooses_a_civility_on_the_profile_page(client, member_factory, beauvais):
    user = member_factory(first_name="Dominique", last_name="Roy", commune=beauvais)
    client.force_login(user)
    html = page_text(client.get("/mon-compte/profil/"))
    assert "Civilité" in html and "Madame" in html and "Ne pas préciser" in html
