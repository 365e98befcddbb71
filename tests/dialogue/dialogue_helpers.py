"""Helpers of the dialogue tests (a module name of its own: conftest names clash)."""

from factories import make_member

from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


def verified_elected(*, first_name, last_name, commune, mandate, office="maire", moderator):
    user = make_member(first_name=first_name, last_name=last_name, commune=commune)
    request_verification(
        profile=user.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": office, "mandate_territory": mandate, "mandate_start": "2020-07-04"},
    )
    decide_verification(profile=user.profile, moderator=moderator, approve=True, reason="")
    user.refresh_from_db()
    return user


def fresh(user):
    """The same user without the per-request caches (memberships, confirmed email)."""
    if user is None:
        return None
    user.refresh_from_db()
    for name in ("_civic_memberships", "_civic_confirmed", "_civic_mandate_covers"):
        if hasattr(user, name):
            delattr(user, name)
    return user
