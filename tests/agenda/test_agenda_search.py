"""Events in the portal's search (/recherche/): matched on their stored accent-free words,
however they were written (the form, an imported calendar), and again after an edit."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from factories import page_text

from agenda.models import Event
from agenda.services.events import update_event
from agenda.services.imports import create_source, import_calendar

FIXTURES = Path(__file__).parent / "fixtures"
YEAR = max(2027, timezone.localdate().year + 1)


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def events_found(client, query):
    return page_text(client.get("/recherche/", {"q": query, "type": "agenda"}))


def test_an_event_is_found_by_words_of_its_description_accents_and_case_aside(
    client, make_event, association
):
    make_event(
        association,
        "Fête de la Soupe",
        description="<p>Dégustation de <strong>potirons</strong> et veillée à l'école.</p>",
    )

    assert "Fête de la Soupe" in events_found(client, "FETE veillee ECOLE")
    assert "Fête de la Soupe" in events_found(client, "potirons")


def test_the_markup_of_a_description_is_not_searched(client, make_event, association):
    make_event(association, "Fête de la Soupe", description="<p><strong>Entrée libre</strong></p>")

    assert "Fête de la Soupe" not in events_found(client, "strong")


def test_an_edited_event_is_found_by_its_new_title_only(client, make_event, association):
    event = make_event(association, "Loto des aînés")

    update_event(event=event, editor=association, title="Grand bal des aînés")

    assert "Grand bal des aînés" in events_found(client, "bal aines")
    assert "Aucun résultat" in events_found(client, "loto")


def test_events_imported_from_a_calendar_are_found(client, association):
    source = create_source(owner=association, name="Compiègne à vélo")
    data = (FIXTURES / "nextcloud_velo.ics").read_bytes().replace(b"2027", str(YEAR).encode())
    import_calendar(source=source, data=data)

    html = events_found(client, "entretenir velo")

    assert "Atelier de réparation vélo" in html


def test_the_migration_fills_the_search_words_of_existing_events(make_event, association):
    event = make_event(association, "Forum des associations", description="<p>Salle Élisée</p>")
    Event.objects.filter(pk=event.pk).update(search_text="")
    migration = importlib.import_module("agenda.migrations.0004_search_text")

    migration.fill_search_text(apps, None)

    event.refresh_from_db()
    assert event.search_text == "forum des associations salle elisee"
