"""The demo administrator."""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@parvis.localhost"


def ensure_demo_admin(password=None):
    """Return (user, password): the password only when the account was created by this call.

    An existing account is left as it is: its password is never reset behind its owner's back.
    """
    user_model = get_user_model()
    user = (
        user_model.objects.filter(username=ADMIN_USERNAME).first()
        or user_model.objects.filter(email__iexact=ADMIN_EMAIL).first()
    )
    if user is not None:
        return user, None
    password = password or secrets.token_urlsafe(12)
    user = user_model.objects.create_superuser(
        username=ADMIN_USERNAME,
        email=ADMIN_EMAIL,
        password=password,
        first_name="Admin",
        last_name="Démo",
    )
    # Its address has no mailbox: confirmed here, or signing in on the portal (where addresses
    # must be confirmed first) would wait for an email that never arrives.
    EmailAddress.objects.create(user=user, email=ADMIN_EMAIL, verified=True, primary=True)
    return user, password
