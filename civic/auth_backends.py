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

import functools

from allauth.account.auth_backends import AuthenticationBackend
from axes.backends import AxesBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef

from civic import integration
from civic.permissions import CONFIRMED_EMAIL, confirmed_email_of

# Stands for the account's id in the statement built once (a value no account has).
_ANY_ACCOUNT = -918273645


@functools.cache
def _account_statement():
    """(SQL, parameters) of the account with whether its email is confirmed, as the ORM writes
    it, built once per process: building and compiling it again for every signed-in request
    took more of a worker's time (about 1.5 ms) than the database took to answer it."""
    users = get_user_model()._default_manager.annotate(
        **{CONFIRMED_EMAIL: confirmed_email_of(OuterRef("pk"))}
    )
    return users.filter(pk=_ANY_ACCOUNT).query.sql_with_params()


class _LoadsConfirmedEmail:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, params = _account_statement()
        params = [user_id if value == _ANY_ACCOUNT else value for value in params]
        user = next(iter(model._default_manager.raw(sql, params)), None)
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
