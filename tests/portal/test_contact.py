"""The contact form: built by staff, no robot gets through, no person loses what they typed."""

import re
import time

import pytest
from django.core import mail
from factories import make_contact_page, page_text

from portal.forms import HONEYPOT_FIELD, STARTED_FIELD, sign_start


@pytest.fixture
def contact_page(demo):
    return make_contact_page(demo.home)


def message(started=None, **extra):
    data = {
        "votre_nom": "Camille Durand",
        "votre_courriel": "camille@exemple.fr",
        "votre_message": "Quand rouvre la piscine de Creil ?",
        STARTED_FIELD: started if started is not None else sign_start(time.time() - 30),
        HONEYPOT_FIELD: "",
    }
    data.update(extra)
    return data


def test_the_form_shows_the_fields_staff_chose_and_hides_the_trap(client, contact_page):
    html = page_text(client.get(contact_page.url))

    assert '<label for="id_votre_nom">Votre nom' in html
    assert 'name="votre_message"' in html
    assert re.search(rf'<input type="hidden" name="{STARTED_FIELD}" value="[^"]+"', html)
    trap = re.search(r'<div class="contact-trap">(.*?)</div>', html, re.S).group(1)
    assert f'name="{HONEYPOT_FIELD}"' in trap and 'tabindex="-1"' in trap
    assert "<script" not in html


def test_a_message_sent_by_a_person_is_saved_emailed_and_thanked(client, contact_page):
    response = client.post(contact_page.url, message())

    assert "Merci, nous vous répondrons sous huit jours." in page_text(response)
    submission = contact_page.get_submissions().get()
    assert submission.get_data()["votre_message"] == "Quand rouvre la piscine de Creil ?"
    assert HONEYPOT_FIELD not in submission.form_data
    assert STARTED_FIELD not in submission.form_data
    assert mail.outbox[0].to == ["accueil@parvis.localhost"]
    assert "Quand rouvre la piscine de Creil ?" in mail.outbox[0].body
    assert HONEYPOT_FIELD not in mail.outbox[0].body


def test_a_form_sent_back_within_seconds_is_refused_and_keeps_what_was_typed(client, contact_page):
    token = sign_start()

    response = client.post(contact_page.url, message(started=token))

    html = page_text(response)
    assert "Le formulaire a été envoyé trop vite." in html
    assert "Quand rouvre la piscine de Creil ?" in html
    assert 'value="Camille Durand"' in html
    assert not contact_page.get_submissions().exists()
    # The same token, kept in the form, lets the person send it again a moment later.
    assert f'value="{token}"' in html


def test_a_filled_trap_is_refused_with_a_french_message(client, contact_page):
    response = client.post(contact_page.url, message(**{HONEYPOT_FIELD: "https://spam.example"}))

    assert "doit rester vide" in page_text(response)
    assert not contact_page.get_submissions().exists()
    assert not mail.outbox


def test_a_forged_or_missing_token_is_refused_and_replaced_by_a_fresh_one(client, contact_page):
    response = client.post(contact_page.url, message(started="faux-jeton"))

    html = page_text(response)
    assert "Le formulaire a expiré." in html
    assert "faux-jeton" not in html
    assert not contact_page.get_submissions().exists()


def test_a_missing_required_field_gets_a_french_error_and_loses_nothing(client, contact_page):
    response = client.post(contact_page.url, message(votre_nom=""))

    html = page_text(response)
    assert "Le formulaire contient une erreur" in html
    assert "Champ requis." in html
    assert "Quand rouvre la piscine de Creil ?" in html
