"""Authentication backends: Axes's lockout in front of Django's, each loading the signed-in
account together with whether its email address is confirmed
(civic.people.permissions.has_confirmed_email): nearly every page a member opens asks, and the answer
then costs no second query.
"""

from allauth.account.auth_backends import AuthenticationBackend
from axes.backends import AxesBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef

from civic.people.permissions import CONFIRMED_EMAIL, confirmed_email_of


class _LoadsConfirmedEmail:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user_id = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = (
            User._default_manager.annotate(**{CONFIRMED_EMAIL: confirmed_email_of(OuterRef("pk"))})
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


class AccountBackend(_LoadsConfirmedEmail, AuthenticationBackend):
    """allauth's sign-in by email address."""


class AxesRememberedPermissionsBackend(_LoadsConfirmedEmail, AxesBackend):
    """Axes's backend: Django's ModelBackend, which remembers a member's permissions on the
    account for the request, with the lockout check in front. Sessions name this class: renaming
    it would sign every member out."""
