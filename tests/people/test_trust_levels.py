"""Levels of trust: every name carries one, staff may require one per action, and whoever lacks
it is told why and how to reach it."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.urls import reverse
from factories import make_member, page_text
from wagtail.models import Site

from civic.dialogue.models.groups import Theme
from civic.dialogue.services import discussions, groups
from civic.identity.levels import Action, IdentitySource, Requirement, TrustLevel
from civic.identity.permissions import has_required_level, refusal
from civic.territories.settings import CivicSettings


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def certify(user):
    profile = user.profile
    profile.identity_source = IdentitySource.FRANCECONNECT
    profile.save(update_fields=["identity_source"])
    user.refresh_from_db()
    return user


@pytest.fixture
def certified(db, beauvais):
    return certify(make_member(first_name="Chloé", last_name="Certifiée", commune=beauvais))


def require(**levels):
    settings = CivicSettings.current()
    settings.required_levels = levels
    settings.save()


@pytest.fixture
def group(roles, creil, certified):
    group = groups.create_group(
        user=roles["verified_elected"],
        name="Vélo à Creil",
        description="Circuler à vélo.",
        theme=Theme.objects.get(slug="mobilite"),
        territory=creil,
        join_policy="open",
        rules_text="",
    )
    for role in ("citizen", "verified_association"):
        groups.join_group(user=roles[role], group=group)
    groups.join_group(user=certified, group=group)
    return group


@pytest.fixture
def discussion(group, roles):
    return discussions.start_discussion(
        user=roles["verified_elected"], group=group, title="Une piste cyclable ?", body="Oui."
    )


def test_each_profile_has_the_level_its_identity_went_through(roles, certified):
    levels = {role: user.profile.trust_level for role, user in roles.items() if user is not None}
    assert levels["unconfirmed"] == TrustLevel.UNCONFIRMED
    assert levels["citizen"] == TrustLevel.DECLARED
    assert levels["pending_association"] == TrustLevel.DECLARED
    assert levels["verified_association"] == TrustLevel.ASSOCIATION
    assert levels["verified_elected"] == TrustLevel.ELECTED
    assert certified.profile.trust_level == TrustLevel.CERTIFIED


def test_confirming_the_address_raises_the_level_to_declared(roles):
    user = roles["unconfirmed"]
    EmailAddress.objects.filter(user=user).update(verified=True)  # no signal: as a bulk edit
    address = EmailAddress.objects.get(user=user)
    address.save()
    user.profile.refresh_from_db()
    assert user.profile.trust_level == TrustLevel.DECLARED


def test_a_post_shows_its_author_level_as_a_badge_explained_on_hover_and_linked_to_the_levels_page(
    client, roles, certified, discussion
):
    discussions.reply(user=certified, discussion=discussion, body="Je soutiens.")
    client.force_login(roles["citizen"])
    html = page_text(client.get(discussion.get_absolute_url()))
    assert "Identité certifiée FranceConnect" in html
    assert 'title="Le prénom et le nom de cette personne viennent de FranceConnect' in html
    assert 'href="/niveaux-de-confiance/#niveau-certified"' in html
    assert "Élu·e vérifié·e — Maire de Creil" in html


def test_the_levels_page_explains_every_level_to_anyone(client):
    require(post=Requirement.CERTIFIED)
    response = client.get(reverse("identity:levels"))
    assert response.status_code == 200
    html = page_text(response)
    for label in (
        "Identité déclarée",
        "Identité certifiée FranceConnect",
        "Association vérifiée",
        "Élu·e vérifié·e",
    ):
        assert label in html
    assert (
        "Écrire dans un groupe (discussions et réponses) : Identité certifiée FranceConnect" in html
    )


ROLES = [
    "anonymous",
    "unconfirmed",
    "citizen",
    "certified",
    "pending_association",
    "verified_association",
    "verified_elected",
]
# Who may act under each requirement (superusers always may).
ALLOWED = {
    Requirement.DECLARED: {
        "citizen",
        "certified",
        "pending_association",
        "verified_association",
        "verified_elected",
    },
    Requirement.CERTIFIED: {"certified", "verified_association", "verified_elected"},
    Requirement.VERIFIED: {"verified_association", "verified_elected"},
}


@pytest.mark.parametrize("action", Action.values)
@pytest.mark.parametrize("requirement", Requirement.values)
@pytest.mark.parametrize("role", ROLES)
def test_the_role_level_action_matrix(roles, certified, role, requirement, action):
    require(**{action: requirement})
    user = certified if role == "certified" else roles[role]
    user = User.objects.get(pk=user.pk) if user is not None else None
    from django.contrib.auth.models import AnonymousUser

    acting = user or AnonymousUser()
    assert has_required_level(acting, action) is (role in ALLOWED[requirement])
    # Other actions stay at the default.
    for other in set(Action.values) - {action}:
        assert has_required_level(acting, other) is (role in ALLOWED[Requirement.DECLARED])


def test_staff_set_the_required_levels_in_the_portal_settings(client, admin_user):
    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["civic", "civicsettings", site.pk])
    html = page_text(client.get(url))
    assert "Signer une pétition" in html and "Soutenir une proposition" in html
    settings = CivicSettings.current()
    data = {
        "authority_name": settings.authority_name,
        "territory": settings.territory_id,
        "charter_page": "",
        "local_freshness_days": 30,
        "allow_initial_names": "on",
        **{f"required_level_{action}": Requirement.DECLARED for action in Action.values},
        "required_level_sign_petition": Requirement.CERTIFIED,
        "required_level_create_group": Requirement.VERIFIED,
    }
    response = client.post(url, data)
    assert response.status_code == 302, page_text(response)
    settings.refresh_from_db()
    assert settings.required_levels["sign_petition"] == Requirement.CERTIFIED
    citizen = make_member(first_name="Lou", last_name="Martin", commune=settings.territory)
    assert not has_required_level(citizen, Action.SIGN_PETITION)
    assert not has_required_level(citizen, Action.CREATE_GROUP)
    assert has_required_level(citizen, Action.POST)


def test_a_member_lacking_the_level_to_reply_is_told_why_and_how_to_reach_it(
    client, roles, discussion
):
    require(post=Requirement.CERTIFIED)
    client.force_login(roles["citizen"])
    html = page_text(client.get(discussion.get_absolute_url()))
    assert "Publier ma réponse" not in html
    assert "l'équipe du portail exige ce niveau : Identité certifiée FranceConnect" in html
    assert "Reliez votre compte à FranceConnect" in html
    response = client.post(
        reverse("dialogue:reply", args=[discussion.pk]), {"body": "Je veux répondre."}
    )
    assert response.status_code == 403
    assert "Votre niveau actuel : « Identité déclarée »" in page_text(response)
    assert discussion.posts.count() == 1


def test_a_certified_member_replies_where_the_level_is_required(client, certified, discussion):
    require(post=Requirement.CERTIFIED)
    client.force_login(certified)
    response = client.post(
        reverse("dialogue:reply", args=[discussion.pk]), {"body": "Je soutiens le projet."}
    )
    assert response.status_code == 302
    assert discussion.posts.count() == 2


def test_opening_a_discussion_without_the_level_explains_the_refusal(client, roles, group):
    require(post=Requirement.VERIFIED)
    client.force_login(roles["citizen"])
    html = page_text(client.get(group.get_absolute_url()))
    assert "Ouvrir une discussion" in html
    response = client.get(reverse("dialogue:discussion_create", args=[group.slug]))
    assert response.status_code == 403
    assert "Demandez un profil vérifié" in page_text(response)


def test_creating_a_group_without_the_level_explains_the_refusal(client, roles):
    require(create_group=Requirement.CERTIFIED)
    client.force_login(roles["citizen"])
    assert "Créer un groupe" in page_text(client.get(reverse("dialogue:groups")))
    response = client.get(reverse("dialogue:group_create"))
    assert response.status_code == 403
    assert "« Créer un groupe »" in page_text(response)
    assert refusal(roles["citizen"], Action.CREATE_GROUP).target == TrustLevel.CERTIFIED


def test_the_directory_filters_by_level(client, roles, certified):
    client.force_login(roles["citizen"])
    html = page_text(client.get(reverse("people:directory"), {"level": "certified"}))
    assert "Chloé Certifiée" in html
    assert "Camille Durand" not in html and "Creil Solidarité" not in html
    html = page_text(
        client.get(reverse("people:directory"), {"level": "association", "territory": ""})
    )
    assert "Creil Solidarité" in html and "Chloé Certifiée" not in html


def test_search_filters_profiles_by_level(client, roles):
    def found(query, **level):
        return page_text(client.get("/recherche/", {"q": query, "type": "profils", **level}))

    assert "Jean Maire" in found("maire", niveau="elected")
    assert "Jean Maire" not in found("maire", niveau="association")
    assert "Creil Solidarité" in found("solidarite", niveau="association")
    assert "Creil Solidarité" not in found("solidarite", niveau="elected")
    html = found("solidarite")
    assert "Creil Solidarité" in html and 'name="niveau"' in html


def test_the_export_names_the_identity_source_and_level(client, certified):
    client.force_login(certified)
    data = json.loads(client.get("/mon-compte/mes-donnees.json").content)
    assert data["profil"]["niveau_de_confiance"] == "Identité certifiée FranceConnect"
    assert data["profil"]["source_de_l_identite"] == "Certifiée par FranceConnect"
