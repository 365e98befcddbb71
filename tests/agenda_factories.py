"""Builders for the agenda's tests: times in Paris, verified associations."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from factories import make_member

from agenda.models import EventCategory
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


def event_form_data(**overrides):
    """What a member fills in to propose a concert in Creil in twelve days; None leaves a field
    out."""
    day = timezone.localdate() + timedelta(days=12)
    data = {
        "title": "Concert de la chorale",
        "category": EventCategory.objects.get(slug="concert").pk,
        "description": "Chants du monde.\n\nEntrée libre, https://chorale.example.fr",
        "start_date": f"{day:%Y-%m-%d}",
        "start_time": "20:30",
        "end_date": "",
        "end_time": "22:00",
        "frequency": "",
        "venue_name": "Église Saint-Médard",
        "venue_address": "Place de l'Église",
        "commune": "Creil (60100)",
        "is_free": "on",
        "wheelchair_accessible": "on",
        "submit": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
