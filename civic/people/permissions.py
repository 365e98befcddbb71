"""Who may do what in civic: every decision of the app is made here, and tested as a matrix.

Predicates take the acting user first. Wagtail's own page permissions still decide page editing;
`can_edit_portal_pages` only reads them so that the matrix can show them beside ours.
"""

from allauth.account.models import EmailAddress
from django.db.models import Exists
from wagtail.permission_policies.pages import PagePermissionPolicy

from civic.people.models import Profile

VERIFY_PROFILE_PERMISSION = "civic.verify_profile"


def is_member(user):
    return bool(user and user.is_authenticated and user.is_active)


# Kept on the user object: asked several times per request. The authentication backends load
# it with the signed-in account (civic.people.auth_backends), so that asking costs no query.
CONFIRMED_EMAIL = "_civic_confirmed"


def confirmed_email_of(user_ref):
    """An expression: whether the account `user_ref` points at has a confirmed address."""
    return Exists(EmailAddress.objects.filter(user=user_ref, verified=True))


def has_confirmed_email(user):
    if not is_member(user):
        return False
    cached = getattr(user, CONFIRMED_EMAIL, None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        setattr(user, CONFIRMED_EMAIL, cached)
    return cached


def can_participate(user):
    """Every action that writes public content needs a confirmed account."""
    return has_confirmed_email(user)


def can_edit_own_profile(user):
    return is_member(user)


def can_request_verification(user):
    if not can_participate(user):
        return False
    profile = getattr(user, "profile", None)
    return profile is None or profile.status != Profile.Status.PENDING


def can_verify_profiles(user):
    return is_member(user) and user.has_perm(VERIFY_PROFILE_PERMISSION)


def can_view_profile(user, profile):
    """Verified associations and elected officials are public; everyone else is for members only."""
    if profile.is_public:
        return True
    return is_member(user)


def can_see_citizens_in_directory(user):
    return is_member(user)


def can_export_own_data(user):
    return is_member(user)


def can_delete_own_account(user):
    return is_member(user) and not user.is_superuser


def can_edit_portal_pages(user):
    if not is_member(user) or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])
