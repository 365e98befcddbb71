"""Who may do what in the agenda: every role × every action of the agenda issue."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from agenda import permissions
from agenda.models import Event
from agenda.services.events import cancel_event
from civic.dialogue.models.groups import CivicGroup, Membership, Theme

ROLES = [
    "anonymous",
    "unconfirmed",
    "citizen",
    "pending_association",
    "verified_association",
    "verified_elected",
    "moderator",
    "communication",
]
MEMBERS = set(ROLES) - {"anonymous", "unconfirmed"}

# action: roles allowed (every other role is refused)
MATRIX = {
    "propose": MEMBERS,
    "publish_directly": {"verified_association", "moderator", "communication"},
    "submit_for_review": {"citizen", "pending_association", "verified_elected"},
    "organise_for_council": {"moderator", "communication"},
    "approve": {"moderator"},
    "reject": {"moderator"},
    "edit_own_event": MEMBERS,
    "edit_other_association_event": {"moderator"},
    "edit_council_event": {"moderator", "communication"},
    "cancel_own_event": MEMBERS,
    "cancel_other_association_event": {"moderator"},
    "view_submitted_event_of_another": {"moderator"},
    "import": {"verified_association", "moderator", "communication"},
}


def _user(user):
    return user if user is not None else AnonymousUser()


@pytest.fixture
def events(roles, make_event, other_association):
    """For each role: its own published event (made by staff for those who cannot publish)."""
    own = {}
    for role, user in roles.items():
        if user is None or role == "unconfirmed":
            continue
        event = make_event(user, f"Événement de {role}")
        if event.status == Event.Status.SUBMITTED:
            Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
            event.refresh_from_db()
        own[role] = event
    others = make_event(other_association, "Fête de quartier à Beauvais")
    council = make_event(roles["communication"], "Vœux du président", organiser_kind="council")
    submitted = make_event(roles["citizen"], "Vide-grenier de la rue Jean-Jaurès")
    return {"own": own, "other": others, "council": council, "submitted": submitted}


def decide(action, role, roles, events):
    user = _user(roles[role])
    own = events["own"].get(role, events["other"])
    match action:
        case "propose":
            return permissions.can_propose_event(user)
        case "publish_directly":
            return permissions.can_publish_directly(user)
        case "submit_for_review":
            return permissions.can_submit_for_review(user)
        case "organise_for_council":
            return permissions.can_organise_for_council(user)
        case "approve" | "reject":
            return permissions.can_approve_event(user, events["submitted"])
        case "edit_own_event":
            return role in events["own"] and permissions.can_edit_event(user, own)
        case "edit_other_association_event":
            return permissions.can_edit_event(user, events["other"])
        case "edit_council_event":
            return permissions.can_edit_event(user, events["council"])
        case "cancel_own_event":
            return role in events["own"] and permissions.can_cancel_event(user, own)
        case "cancel_other_association_event":
            return permissions.can_cancel_event(user, events["other"])
        case "view_submitted_event_of_another":
            if role == "citizen":
                return False  # it is the citizen's own: see test below
            return permissions.can_view_event(user, events["submitted"])
        case "import":
            return permissions.can_import_calendar(user)
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_the_matrix_says(roles, events, role, action):
    expected = role in MATRIX[action]
    assert decide(action, role, roles, events) is expected, f"{role} × {action}"


# The queue of proposed events in the Wagtail admin: it opens exactly to « approve ».
ADMIN_PAGES = ["/admin/agenda/moderation/", "/admin/agenda/moderation/{submitted}/"]


@pytest.mark.parametrize("address", ADMIN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_the_queue_of_proposed_events_exactly_as_the_matrix_says(
    client, roles, make_event, role, address
):
    submitted = make_event(roles["citizen"], "Vide-grenier de la rue Jean-Jaurès")
    if roles[role] is not None:
        client.force_login(roles[role])
    url = address.format(submitted=submitted.pk)
    response = client.get(url)
    assert (response.status_code == 200) is (role in MATRIX["approve"]), f"{role} × {url}"
    assert response.status_code in (200, 302, 403)


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_decides_on_a_proposed_event_exactly_as_the_matrix_says(
    client, roles, make_event, role, decision
):
    submitted = make_event(roles["citizen"], "Vide-grenier de la rue Jean-Jaurès")
    if roles[role] is not None:
        client.force_login(roles[role])
    client.post(
        f"/admin/agenda/moderation/{submitted.pk}/",
        {"decision": decision, "reason": "Précisez l'adresse."},
    )
    submitted.refresh_from_db()
    decided = submitted.status != Event.Status.SUBMITTED
    assert decided is (role in MATRIX[decision]), f"{role} × {decision}"


def test_the_person_who_proposed_an_event_sees_it_before_moderation(roles, events):
    submitted = events["submitted"]
    assert permissions.can_view_event(roles["citizen"], submitted)
    assert not permissions.can_view_event(AnonymousUser(), submitted)
    assert not permissions.can_view_event(roles["verified_association"], submitted)


def test_a_cancelled_event_can_no_longer_be_edited_even_by_its_organiser(association, published):
    cancel_event(event=published, editor=association, reason="Intempéries")
    published.refresh_from_db()
    assert not permissions.can_edit_event(association, published)
    assert not permissions.can_cancel_event(association, published)


def test_superusers_moderate_and_publish(db, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@exemple.fr", "x-long-pass")

    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    assert permissions.can_moderate_events(admin)
    assert permissions.can_publish_directly(admin)
    assert permissions.can_import_calendar(admin)


def test_an_animator_organises_for_their_group_and_edits_its_events(roles, make_event, creil):
    theme = Theme.objects.first() or Theme.objects.create(name="Culture", slug="culture")
    group = CivicGroup.objects.create(
        name="Jardins de Creil", slug="jardins-creil", description="x", theme=theme, territory=creil
    )
    animator, member = roles["citizen"], roles["verified_elected"]
    Membership.objects.create(group=group, user=animator, role=Membership.Role.ANIMATOR)
    Membership.objects.create(group=group, user=member, role=Membership.Role.MEMBER)
    assert permissions.can_organise_for_group(animator, group)
    assert not permissions.can_organise_for_group(member, group)
    event = make_event(
        roles["moderator"], "Troc de graines", organiser_kind="group", organiser_group=group
    )
    assert permissions.can_edit_event(animator, event)
    assert not permissions.can_edit_event(member, event)
