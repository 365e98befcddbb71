"""Authentication backends: Axes's lockout in front of Django's, permissions remembered.

Wagtail's user bar asks on every signed-in page whether the visitor may open the admin: two
queries (their own permissions, their groups'). Who may do what changes only through the admin
or a management command, so the answer is kept until the site's content changes
(civic.integration.remember; the portal starts a new generation on any admin form sent and on
any change to users' groups or permissions).

Both backends also load the signed-in account together with whether its email address is
confirmed (civic.permissions.has_confirmed_email): nearly every page a member opens asks, and
the answer then costs no second query.
"""

from allauth.account.auth_backends import AuthenticationBackend
from axes.backends import AxesBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef

from civic import integration
from civic.permissions import CONFIRMED_EMAIL, confirmed_email_of
from civic.precompiled import Precompiled


def _account(pk):
    return (
        get_user_model()
        ._default_manager.annotate(**{CONFIRMED_EMAIL: confirmed_email_of(OuterRef("pk"))})
        .filter(pk=pk)
    )


# The account with whether its email is confirmed, its statement compiled once per process:
# building and compiling it again for every signed-in request took more of a worker's time
# (about 1.5 ms) than the database took to answer it.
_ACCOUNT = Precompiled(_account, "pk")


class _LoadsConfirmedEmail:
    def get_user(self, user_id):
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = _ACCOUNT.get(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AccountBackend(_LoadsConfirmedEmail, AuthenticationBackend):
    """allauth's sign-in by email address."""


class AxesRememberedPermissionsBackend(_LoadsConfirmedEmail, AxesBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        compute = super()._get_permissions
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return compute(user_obj, obj, from_name)
        key = f"permissions:{from_name}:{user_obj.pk}:{int(user_obj.is_superuser)}"
        return integration.remember(key, lambda: compute(user_obj, obj, from_name))
