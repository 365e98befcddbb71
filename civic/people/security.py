"""Brute-force protection glue: the client's address, the lockout's identifiers, unlocking."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from civic.territories.settings import authority_name


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's address, the one every per-address limit counts (axes, allauth).

    With TRUSTED_PROXY_COUNT proxies in front, it is the entry that many places from the right
    of X-Forwarded-For (what the outermost trusted proxy saw); entries further left are whatever
    the client sent, so they are never read. With 0, X-Forwarded-For is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if forwarded:
            address = _address(forwarded[-min(count, len(forwarded))])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR", ""))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's rate limits count per address as client_ip() reads it; its emails speak in the
    council's name to the person by their display name."""

    def get_client_ip(self, request):
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address.")
        return address

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        context = {
            **context,
            "council_name": authority_name(getattr(self, "request", None)),
            "portal_url": settings.WAGTAILADMIN_BASE_URL,
            "display_name": user_display(user) if user is not None else "",
        }
        super().send_mail(template_prefix, email, context)


def user_display(user):
    """A person's name as the portal shows it (their profile's display name)."""
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else user.get_full_name() or user.email


def axes_username(request, credentials):
    """The identifier a log-in attempt was made for, whichever form sent it.

    allauth posts `login` (an email address), the Wagtail admin posts `username`, and
    authenticate() receives `email` or `username` depending on the backend that is asked.
    """
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in ("login", "email", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return ""


def axes_ignores(request, credentials):
    """FranceConnect's return (authenticate() given a `nonce`) is no password guess: an
    unfinished sign-up or a refused token must not lock the person's address out."""
    return bool(credentials and "nonce" in credentials)


def login_identifiers(user):
    """Every identifier axes may have recorded attempts under for `user` (see axes_username)."""
    identifiers = {user.get_username(), user.email}
    identifiers.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted({value.strip().lower() for value in identifiers if value})


@receiver(password_reset, dispatch_uid="civic_unlock_after_password_reset")
def unlock_after_password_reset(sender, request, user, **kwargs):
    """Following the emailed reset link proves the mailbox is theirs: lift the lockout at once."""
    for identifier in login_identifiers(user):
        reset(username=identifier)
