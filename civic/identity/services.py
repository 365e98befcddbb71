"""Writes of the certified identity: linking, unlinking, signing up with FranceConnect."""

from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from civic.identity.levels import IdentitySource
from civic.people.models import NameForm, Profile
from civic.people.services import create_profile, ensure_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civic.models import Territory


def _certify(user: "User", profile: Profile, identity: dict[str, Any]) -> None:
    user.first_name = identity["given_name"][:150]
    user.last_name = identity["family_name"][:150]
    user.save(update_fields=["first_name", "last_name"])
    profile.identity_source = IdentitySource.FRANCECONNECT
    profile.franceconnect_sub = identity["sub"]
    profile.certified_at = timezone.now()
    profile.save(update_fields=["identity_source", "franceconnect_sub", "certified_at"])


@transaction.atomic
def link_franceconnect(*, user: "User", identity: dict[str, Any]) -> Profile:
    """Link the signed-in account to a FranceConnect identity: its names become the State's."""
    profile = ensure_profile(user)
    _certify(user, profile, identity)
    return profile


@transaction.atomic
def refresh_certified_names(*, profile: Profile, identity: dict[str, Any]) -> Profile:
    """A sign-in brings FranceConnect's names again (a name may change, by marriage say)."""
    user = profile.user
    if (user.first_name, user.last_name) != (identity["given_name"], identity["family_name"]):
        _certify(user, profile, identity)
    return profile


@transaction.atomic
def unlink_franceconnect(*, user: "User") -> Profile:
    """Back to a declared identity: the names stay, editable again."""
    profile = ensure_profile(user)
    profile.identity_source = IdentitySource.DECLARED
    profile.franceconnect_sub = None
    profile.certified_at = None
    profile.name_form = NameForm.FULL
    profile.save(
        update_fields=["identity_source", "franceconnect_sub", "certified_at", "name_form"]
    )
    return profile


@transaction.atomic
def sign_up_with_franceconnect(
    *, identity: dict[str, Any], home_commune: "Territory | None", name_form: str
) -> "User":
    """A new account made from FranceConnect's identity: its address counts as confirmed
    (FranceConnect's identity providers hold it), and it has no password until one is set."""
    User = get_user_model()
    email = identity["email"]
    user = User.objects.create_user(username=email, email=email)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = create_profile(
        user=user,
        first_name=identity["given_name"][:150],
        last_name=identity["family_name"][:150],
        home_commune=home_commune,
    )
    profile.name_form = name_form
    profile.save(update_fields=["name_form"])
    _certify(user, profile, identity)
    return user
