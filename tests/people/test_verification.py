"""Becoming a verified association or elected official: a request, a staff decision, a badge."""

import pytest
from django.urls import reverse
from factories import page_text

from civic.people.models import Profile, VerificationDecision
from civic.people.services import request_verification


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def citizen(member_factory, creil):
    return member_factory(first_name="Inès", last_name="Bénévole", commune=creil)


def association_form(oise, **overrides):
    data = {
        "organisation_name": "Creil Solidarité",
        "rna": "W601000123",
        "siren": "",
        "purpose": "Aide alimentaire et accompagnement des familles du bassin creillois.",
        "website": "https://creil-solidarite.example.fr",
        "action_territory": oise.pk,
    }
    data.update(overrides)
    return data


def test_a_citizen_requests_an_association_profile_which_stays_pending_without_badge(
    client, citizen, oise
):
    client.force_login(citizen)
    response = client.post("/mon-compte/verification/association/", association_form(oise))
    assert response.status_code == 302
    profile = Profile.objects.get(user=citizen)
    assert profile.kind == Profile.Kind.ASSOCIATION
    assert profile.status == Profile.Status.PENDING
    assert profile.badge == ""
    page = page_text(client.get(reverse("people:profile", args=[profile.pk])))
    assert "Association vérifiée" not in page
    assert "en cours d'examen" in page_text(client.get("/mon-compte/"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rna": "W12345"}, "Le numéro RNA commence par un W suivi de 9 chiffres"),
        ({"rna": "", "siren": "123456789"}, "Ce numéro SIREN n'est pas valide"),
        ({"rna": "", "siren": "12345"}, "Le numéro SIREN compte exactement 9 chiffres"),
        ({"rna": "", "siren": ""}, "Indiquez le numéro RNA ou le numéro SIREN"),
        ({"organisation_name": ""}, "Champ requis"),
    ],
)
def test_an_invalid_legal_identity_is_refused_in_french_and_nothing_changes(
    client, citizen, oise, overrides, message
):
    client.force_login(citizen)
    response = client.post(
        "/mon-compte/verification/association/", association_form(oise, **overrides)
    )
    assert response.status_code == 200
    assert message in page_text(response)
    profile = Profile.objects.get(user=citizen)
    assert (profile.kind, profile.status, profile.organisation_name) == (
        Profile.Kind.CITIZEN,
        Profile.Status.NONE,
        "",
    )


def test_a_luhn_valid_siren_is_accepted(client, citizen, oise):
    client.force_login(citizen)
    # 732 829 320 is a real, Luhn-valid SIREN.
    client.post(
        "/mon-compte/verification/association/", association_form(oise, rna="", siren="732829320")
    )
    assert Profile.objects.get(user=citizen).siren == "732829320"


def test_an_unconfirmed_account_cannot_request_verification(client, member_factory, beauvais, oise):
    user = member_factory(
        first_name="Ulysse", last_name="Nonconfirme", commune=beauvais, confirmed=False
    )
    client.force_login(user)
    response = client.post(
        "/mon-compte/verification/association/", association_form(oise), follow=True
    )
    assert "Confirmez d'abord votre adresse" in page_text(response)
    assert Profile.objects.get(user=user).status == Profile.Status.NONE


def test_moderators_see_the_queue_with_its_count_in_the_wagtail_admin(
    client, moderator, citizen, oise
):
    client.force_login(citizen)
    client.post("/mon-compte/verification/association/", association_form(oise))
    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "rifications (1)" in dashboard  # the sidebar's labels are JSON in the page
    queue = page_text(client.get("/admin/verifications/"))
    assert "Creil Solidarité" in queue
    assert "1 demande en attente" in queue


def test_approval_gives_the_badge_records_the_decision_and_emails_the_person(
    client, moderator, citizen, oise, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post("/mon-compte/verification/association/", association_form(oise))
    profile = Profile.objects.get(user=citizen)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/verifications/{profile.pk}/", {"decision": "approve", "reason": ""}
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.VERIFIED
    assert profile.display_name == "Creil Solidarité"
    decision = VerificationDecision.objects.get(profile=profile)
    assert decision.outcome == "approved"
    assert decision.decided_by == moderator
    assert decision.decided_at is not None
    assert mailoutbox[-1].to == [citizen.email]
    assert "Votre profil est vérifié" in mailoutbox[-1].subject
    client.logout()
    page = page_text(client.get(reverse("people:profile", args=[profile.pk])))
    assert "Association vérifiée" in page


def test_rejection_needs_a_reason_which_is_sent_to_the_person(
    client, moderator, citizen, oise, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post("/mon-compte/verification/association/", association_form(oise))
    profile = Profile.objects.get(user=citizen)
    client.force_login(moderator)
    response = client.post(
        f"/admin/verifications/{profile.pk}/", {"decision": "reject", "reason": ""}
    )
    assert "Indiquez le motif du refus" in page_text(response)
    profile.refresh_from_db()
    assert profile.status == Profile.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/verifications/{profile.pk}/",
            {"decision": "reject", "reason": "Le numéro RNA ne correspond pas à l'association."},
        )
    profile.refresh_from_db()
    assert profile.status == Profile.Status.REJECTED
    assert profile.badge == ""
    assert "Le numéro RNA ne correspond pas" in mailoutbox[-1].body
    assert VerificationDecision.objects.get(profile=profile).decided_by_name


@pytest.mark.parametrize("role", ["communication", "verified_elected", "citizen"])
def test_only_moderators_reach_the_verification_queue(client, roles, role):
    client.force_login(roles[role])
    response = client.get("/admin/verifications/")
    assert response.status_code in (302, 403)
    assert "demande en attente" not in page_text(response)


def test_an_elected_official_badge_names_the_office_and_the_territory(roles):
    assert str(roles["verified_elected"].profile.badge) == "Élu·e vérifié·e — Maire de Creil"


def request_association(member_factory, commune, identity, name):
    member = member_factory(first_name=name, last_name="Demandeur", commune=commune)
    request_verification(
        profile=member.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={**identity, "organisation_name": name},
    )
    return member


@pytest.mark.parametrize("waiting", [1, 20])
def test_the_queue_costs_the_same_queries_whether_one_or_twenty_requests_wait(
    client,
    moderator,
    member_factory,
    creil,
    association_identity,
    waiting,
    django_assert_num_queries,
):
    for number in range(waiting):
        request_association(member_factory, creil, association_identity, f"Association {number}")
    client.force_login(moderator)
    client.get("/admin/verifications/")  # the admin's own caches warmed, as after a first page
    # The user, their permissions (two queries) and admin profile, the locales, three kinds of
    # group permissions, the four counts of the menu (participation's reports among them), then
    # the queue: its count, its page, the recent decisions.
    with django_assert_num_queries(15):
        response = client.get("/admin/verifications/")
    queue = page_text(response)
    assert f"{waiting} demande" in queue and f"Association {waiting - 1}" in queue


def test_the_queue_filters_the_requests_by_kind(
    client, roles, moderator, member_factory, creil, association_identity
):
    request_association(member_factory, creil, association_identity, "Les Jardins Partagés")
    mayor = member_factory(first_name="Hugo", last_name="Adjoint", commune=creil)
    request_verification(
        profile=mayor.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": "maire", "mandate_territory": creil, "mandate_start": "2020-07-04"},
    )
    client.force_login(moderator)
    elected = page_text(client.get("/admin/verifications/?kind=elected"))
    assert "Hugo Adjoint" in elected and "Les Jardins Partagés" not in elected
    everyone = page_text(client.get("/admin/verifications/"))
    assert "Hugo Adjoint" in everyone and "Les Jardins Partagés" in everyone


def test_a_request_already_decided_sends_the_moderator_back_to_the_queue(client, roles, moderator):
    verified = roles["verified_association"].profile
    client.force_login(moderator)
    response = client.post(
        f"/admin/verifications/{verified.pk}/",
        {"decision": "reject", "reason": "Trop tard"},
        follow=True,
    )
    assert "Cette demande a déjà été traitée." in page_text(response)
    verified.refresh_from_db()
    assert verified.status == Profile.Status.VERIFIED


def test_the_queue_lists_the_last_decisions_with_who_decided(client, roles, moderator):
    client.force_login(moderator)
    queue = page_text(client.get("/admin/verifications/"))
    assert "Dernières décisions" in queue
    assert "Creil Solidarité (Association) : " in queue
    assert "par Claire Moderatrice" in queue
