"""Builders for the agenda's tests: times in Paris, verified associations."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from factories import make_member

from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


def at(days, hour=20, minute=0):
    """An aware Paris time `days` from today at hour:minute."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def paris(*args):
    return timezone.make_aware(datetime(*args))


def verified_association(name, *, commune, moderator, email=None):
    first = name.split(" ")[0]
    user = make_member(
        first_name=first,
        last_name="Asso",
        commune=commune,
        email=email or f"{first.lower()}@asso.exemple.fr",
    )
    request_verification(
        profile=user.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={
            "organisation_name": name,
            "rna": "W601000123",
            "purpose": "Animer la vie locale.",
            "action_territory": commune,
        },
    )
    decide_verification(profile=user.profile, moderator=moderator, approve=True, reason="")
    user.refresh_from_db()
    return user
