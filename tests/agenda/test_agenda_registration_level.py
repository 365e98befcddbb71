"""Registering follows the level of identity staff require; the event page says how to reach it."""

import pytest
from factories import page_text

from agenda.models import Registration
from agenda.services import registrations as services
from civic.territories.settings import CivicSettings


@pytest.fixture
def opened(published, association):
    services.open_registrations(event=published, editor=association, capacity=3)
    published.refresh_from_db()
    return published


def require_franceconnect_to_register():
    settings = CivicSettings.current()
    settings.required_levels = {"register_event": "certified"}
    settings.save()


def test_a_member_below_the_required_level_is_told_how_to_reach_it_and_cannot_register(
    client, opened, roles
):
    require_franceconnect_to_register()
    client.force_login(roles["citizen"])

    text = page_text(client.get(opened.get_absolute_url()))
    assert "l'équipe du portail exige ce niveau" in text
    client.post(
        f"/agenda/evenement/{opened.pk}/inscription/", {"date": services.date_key(opened.starts_at)}
    )

    assert not Registration.objects.exists()


def test_a_visitor_cannot_register_by_email_when_a_certified_identity_is_required(client, opened):
    require_franceconnect_to_register()

    client.post(
        f"/agenda/evenement/{opened.pk}/inscription/",
        {
            "date": services.date_key(opened.starts_at),
            "name": "Léa Visiteuse",
            "email": "lea@exemple.fr",
        },
    )

    assert not Registration.objects.exists()
