"""Attacks on accounts: lockouts, client addresses behind a proxy, leftovers of a deleted account,
and telling whether an address has an account."""

import json
import re
from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from factories import make_group, make_member, page_text
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from agenda.models import Event, EventChangeLog
from civic.moderation import services as moderation
from civic.moderation.models import Report
from civic.people.security import client_ip
from civic.people.services import export_personal_data

LOGIN_URL = "/compte/login/"
RESET_URL = "/compte/password/reset/"
SIGNUP_URL = "/compte/signup/"
PASSWORD = "un-mot-de-passe-solide"
NINA = "nina@exemple.fr"


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    """Communes typed at sign-up are looked up within the Oise."""
    return portal_territory


@pytest.fixture
def nina(db, beauvais):
    return make_member(first_name="Nina", last_name="Roux", commune=beauvais, email=NINA)


@pytest.fixture
def low_lockout(settings):
    """Locked after three failures, below allauth's own limit per address typed (five)."""
    settings.AXES_FAILURE_LIMIT = 3
    return settings.AXES_FAILURE_LIMIT


def fail_until_locked(client, limit, **headers):
    for _ in range(limit):
        client.post(LOGIN_URL, {"login": NINA, "password": "mauvais"}, **headers)


def log_in(client, password=PASSWORD, **headers):
    return client.post(LOGIN_URL, {"login": NINA, "password": password}, **headers)


def reset_password(client, mailoutbox, new_password):
    client.post(RESET_URL, {"email": NINA})
    link = re.search(r"https?://\S+(/compte/password/reset/key/\S+/)", mailoutbox[-1].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    return client.post(form_url, {"password1": new_password, "password2": new_password})


def session_engine():
    return import_module(django_settings.SESSION_ENGINE)


# Item 4: lockouts.


def test_attempts_during_a_lockout_do_not_extend_it(client, nina, low_lockout):
    fail_until_locked(client, low_lockout)
    attempt = AccessAttempt.objects.get(username=NINA)
    locked_since, failures = attempt.attempt_time, attempt.failures_since_start

    assert log_in(client).status_code == 429  # even the right password waits
    assert log_in(client, password="mauvais").status_code == 429

    attempt.refresh_from_db()
    assert attempt.attempt_time == locked_since
    assert attempt.failures_since_start == failures


def test_the_locked_out_page_says_a_password_reset_unlocks_the_account(client, nina, low_lockout):
    fail_until_locked(client, low_lockout)
    response = log_in(client)
    assert response.status_code == 429
    text = page_text(response)
    assert "Vous pouvez le débloquer tout de suite" in text
    assert "ne prolongent pas le blocage" in text


def test_the_owner_who_follows_the_password_reset_link_can_sign_in_at_once(
    client, nina, low_lockout, mailoutbox
):
    fail_until_locked(client, low_lockout)
    assert log_in(client).status_code == 429

    assert reset_password(client, mailoutbox, "Nouveau-mot-de-passe-2026").status_code == 302

    assert log_in(client, password="Nouveau-mot-de-passe-2026").status_code == 302
    assert client.get("/mon-compte/").status_code == 200
    assert "le nouveau mot de passe la débloque aussitôt" in mailoutbox[0].body


def test_behind_a_trusted_proxy_two_clients_are_rate_limited_separately(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    for n in range(2):
        first.post(SIGNUP_URL, {"email": f"personne{n}@exemple.fr"})
    assert first.post(SIGNUP_URL, {"email": "personne8@exemple.fr"}).status_code == 429
    assert second.post(SIGNUP_URL, {"email": "personne9@exemple.fr"}).status_code != 429


def test_behind_a_trusted_proxy_a_lockout_from_one_client_leaves_the_owner_in_elsewhere(
    settings, nina, low_lockout
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    fail_until_locked(attacker, low_lockout)
    assert log_in(attacker).status_code == 429
    assert log_in(owner).status_code == 302
    assert AccessAttempt.objects.get(username=NINA).ip_address == "203.0.113.5"


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_change_the_address(
    client, nina, low_lockout
):
    forged = {"REMOTE_ADDR": "192.0.2.10", "HTTP_X_FORWARDED_FOR": "203.0.113.99"}
    assert client_ip(RequestFactory().get("/", **forged)) == "192.0.2.10"
    for n in range(low_lockout):
        client.post(
            LOGIN_URL,
            {"login": NINA, "password": "mauvais"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert AccessAttempt.objects.get(username=NINA).ip_address == "192.0.2.10"
    assert (
        log_in(client, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.50").status_code
        == 429
    )


# Item 9: what a deleted account leaves behind.


@pytest.fixture
def reported_group(nina, creil, beauvais):
    animator = make_member(first_name="Anne", last_name="Animatrice", commune=creil)
    group = make_group(
        user=animator,
        territory=creil,
    )
    return moderation.report(
        user=nina,
        reason=Report.Reason.INSULT,
        text="Mon voisin M. Durand y est insulté.",
        group=group,
    )


def delete_own_account(client):
    return client.post("/mon-compte/supprimer/", {"password": PASSWORD})


def test_deleting_an_account_signs_out_its_other_sessions(nina):
    phone, laptop = Client(), Client()
    assert log_in(phone).status_code == 302
    assert log_in(laptop).status_code == 302
    phone_session = phone.cookies[django_settings.SESSION_COOKIE_NAME].value

    assert delete_own_account(laptop).status_code == 302

    store = session_engine().SessionStore
    assert store(session_key=phone_session).load() == {}
    assert not store().exists(phone_session)
    assert phone.get("/mon-compte/").status_code == 302


def test_deleting_an_account_removes_the_login_records_with_its_email(client, nina, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    Client(REMOTE_ADDR="192.0.2.44").post(LOGIN_URL, {"login": NINA, "password": "mauvais"})
    assert log_in(client).status_code == 302
    assert AccessLog.objects.filter(username=NINA).exists()
    assert AccessAttempt.objects.filter(username=NINA).exists()
    assert AccessFailureLog.objects.filter(username=NINA).exists()

    delete_own_account(client)

    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert not model.objects.filter(username__iexact=NINA).exists(), model


def test_deleting_an_account_erases_the_text_of_its_reports(client, nina, reported_group):
    client.force_login(nina)
    delete_own_account(client)
    report = Report.objects.get(pk=reported_group.pk)
    assert report.reporter is None
    assert report.text == ""
    assert not Report.objects.filter(text__contains="Durand").exists()


def test_deleting_an_account_strips_its_name_from_event_histories(client, nina):
    now = timezone.now()
    event = Event.objects.create(title="Fête", slug="fete", starts_at=now, ends_at=now)
    EventChangeLog.objects.create(event=event, action="edited", user=nina, user_name="Nina Roux")
    client.force_login(nina)
    delete_own_account(client)
    change = EventChangeLog.objects.get(event=event)
    assert (change.user, change.user_name, change.action) == (None, "", "edited")


def test_deleting_an_account_strips_its_address_from_admin_histories(client, nina):
    admin = User.objects.create_superuser("admin", "admin@exemple.fr", "un-mot-de-passe-long")
    log(instance=nina, action="wagtail.edit", user=admin)
    assert ModelLogEntry.objects.filter(label__contains=NINA).exists()
    client.force_login(nina)
    delete_own_account(client)
    assert not ModelLogEntry.objects.filter(label__contains=NINA).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.edit", label="Compte supprimé").exists()


def test_the_export_contains_the_reports_filed(nina, reported_group):
    data = json.loads(json.dumps(export_personal_data(user=nina)))
    [report] = data["signalements"]
    assert report["precisions"] == "Mon voisin M. Durand y est insulté."
    assert report["groupe"] == "Vélo à Creil"
    assert report["motif"] == Report.Reason.INSULT.label


def test_the_purge_deletes_personal_logs_older_than_the_given_days_and_keeps_newer_ones(nina):
    old, recent = timezone.now() - timedelta(days=40), timezone.now() - timedelta(days=20)
    for when, name in ((old, "ancien@exemple.fr"), (recent, "recent@exemple.fr")):
        AccessLog.objects.create(username=name, ip_address="192.0.2.1", user_agent="Firefox")
        AccessAttempt.objects.create(
            username=name, ip_address="192.0.2.1", user_agent="Firefox", failures_since_start=1
        )
        AccessFailureLog.objects.create(username=name, ip_address="192.0.2.1", user_agent="Firefox")
        for model in (AccessLog, AccessAttempt, AccessFailureLog):
            model.objects.filter(username=name).update(attempt_time=when)
    event = Event.objects.create(
        title="Fête du marais", slug="fete-du-marais", starts_at=recent, ends_at=recent
    )
    for when, name in ((old, "Nina Roux"), (recent, "Nina R.")):
        change = EventChangeLog.objects.create(
            event=event, action="edited", user=nina, user_name=name
        )
        EventChangeLog.objects.filter(pk=change.pk).update(at=when)

    output = StringIO()
    call_command("purge_personal_logs", "--days", "30", stdout=output)
    assert "axes.AccessLog: 1" in output.getvalue()

    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert not model.objects.filter(username="ancien@exemple.fr").exists(), model
        assert model.objects.filter(username="recent@exemple.fr").exists(), model
    older, newer = EventChangeLog.objects.filter(event=event).order_by("at")
    assert (older.user, older.user_name, older.action) == (None, "", "edited")
    assert (newer.user, newer.user_name) == (nina, "Nina R.")


# Item 10: telling whether an address has an account.


def answer(response, email):
    """What the visitor sees, but the per-session CSRF token and the address they typed."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page_text(response))
    return response.status_code, response.redirect_chain, body.replace(email, "ADDRESS")


def signup_data(email):
    return {
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "email": email,
        "password1": "Marais-de-Sacy-2026",
        "home_commune": "Beauvais",
        "accept_charter": "on",
    }


def test_signup_with_an_existing_address_answers_exactly_like_with_a_new_one(nina, mailoutbox):
    new = Client().post(SIGNUP_URL, signup_data("camille@exemple.fr"), follow=True)
    existing = Client().post(SIGNUP_URL, signup_data(NINA), follow=True)
    assert answer(existing, NINA) == answer(new, "camille@exemple.fr")
    assert "Vérifiez votre adresse e-mail" in page_text(existing)
    assert User.objects.filter(email=NINA).count() == 1

    [told] = [message for message in mailoutbox if message.to == [NINA]]
    assert "Un compte utilise déjà cette adresse" in told.body
    assert "quelqu'un a voulu créer un compte avec votre adresse" in told.subject


def test_password_reset_with_an_existing_address_answers_exactly_like_with_an_unknown_one(
    nina, mailoutbox
):
    known = Client().post(RESET_URL, {"email": NINA}, follow=True)
    unknown = Client().post(RESET_URL, {"email": "personne@exemple.fr"}, follow=True)
    assert answer(known, NINA) == answer(unknown, "personne@exemple.fr")

    [owner] = [message for message in mailoutbox if message.to == [NINA]]
    assert "Quelqu'un, vous peut-être, a demandé un nouveau mot de passe" in owner.body
    [stranger] = [message for message in mailoutbox if message.to == ["personne@exemple.fr"]]
    assert "Aucun compte n'utilise cette adresse" in stranger.body
