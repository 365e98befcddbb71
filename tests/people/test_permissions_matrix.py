"""Who may do what with accounts and profiles: every role × every action of the profiles issue."""

import pytest
from django.contrib.auth.models import AnonymousUser

from civic.people import permissions
from civic.people.models import Profile

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

# action: roles allowed (every other role is refused)
MATRIX = {
    "participate": {
        "citizen",
        "pending_association",
        "verified_association",
        "verified_elected",
        "moderator",
        "communication",
    },
    "edit_own_profile": set(ROLES) - {"anonymous"},
    "request_verification": {
        "citizen",
        "verified_association",
        "verified_elected",
        "moderator",
        "communication",
    },
    "verify_profiles": {"moderator"},
    "see_citizens_in_directory": set(ROLES) - {"anonymous"},
    "view_citizen_profile": set(ROLES) - {"anonymous"},
    "view_verified_association_profile": set(ROLES),
    "view_pending_association_profile": set(ROLES) - {"anonymous"},
    "export_own_data": set(ROLES) - {"anonymous"},
    "delete_own_account": set(ROLES) - {"anonymous"},
    "edit_portal_pages": {"communication"},
}


def decide(action, user, roles):
    anonymous = user if user is not None else _anonymous()
    if action == "participate":
        return permissions.can_participate(anonymous)
    if action == "edit_own_profile":
        return permissions.can_edit_own_profile(anonymous)
    if action == "request_verification":
        return permissions.can_request_verification(anonymous)
    if action == "verify_profiles":
        return permissions.can_verify_profiles(anonymous)
    if action == "see_citizens_in_directory":
        return permissions.can_see_citizens_in_directory(anonymous)
    if action == "view_citizen_profile":
        return permissions.can_view_profile(anonymous, roles["citizen"].profile)
    if action == "view_verified_association_profile":
        return permissions.can_view_profile(anonymous, roles["verified_association"].profile)
    if action == "view_pending_association_profile":
        return permissions.can_view_profile(anonymous, roles["pending_association"].profile)
    if action == "export_own_data":
        return permissions.can_export_own_data(anonymous)
    if action == "delete_own_account":
        return permissions.can_delete_own_account(anonymous)
    if action == "edit_portal_pages":
        return permissions.can_edit_portal_pages(anonymous)
    raise AssertionError(action)


def _anonymous():
    return AnonymousUser()


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_the_matrix_says(roles, role, action):
    expected = role in MATRIX[action]
    assert decide(action, roles[role], roles) is expected, f"{role} × {action}"


# The verification queue in the Wagtail admin: its pages open exactly to « verify_profiles ».
ADMIN_PAGES = ["/admin/verifications/", "/admin/verifications/{pending}/"]


@pytest.mark.parametrize("address", ADMIN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_the_verification_pages_exactly_as_the_matrix_says(
    client, roles, role, address
):
    if roles[role] is not None:
        client.force_login(roles[role])
    url = address.format(pending=roles["pending_association"].profile.pk)
    response = client.get(url)
    allowed = role in MATRIX["verify_profiles"]
    assert (response.status_code == 200) is allowed, f"{role} × {url}"
    assert response.status_code in (200, 302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_decides_a_request_exactly_as_the_matrix_says(client, roles, role):
    if roles[role] is not None:
        client.force_login(roles[role])
    pending = roles["pending_association"].profile
    client.post(f"/admin/verifications/{pending.pk}/", {"decision": "approve", "reason": ""})
    pending.refresh_from_db()
    verified = pending.status == Profile.Status.VERIFIED
    assert verified is (role in MATRIX["verify_profiles"]), f"{role} × decide"


def test_superusers_cannot_delete_their_account_from_the_portal(db, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@exemple.fr", "x-long-password")
    assert permissions.can_delete_own_account(admin) is False
