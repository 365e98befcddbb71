"""An event's page: everything about it, its JSON-LD, a link to its organiser, more of theirs."""

import json
import re

import pytest
from factories import page_text

from agenda.models import Event
from agenda.services.events import cancel_event


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_the_page_shows_everything_and_links_to_the_organiser(client, association, make_event):
    event = make_event(
        association,
        "Nuit des étoiles",
        venue_name="Observatoire",
        venue_address="Chemin des Crêtes",
        is_free=False,
        price="5 €, gratuit pour les moins de 12 ans",
        registration_url="https://etoiles.example.fr/inscription",
        sign_language=True,
        accessibility_notes="Rampe d'accès côté parking.",
    )
    html = page_text(client.get(event.get_absolute_url()))
    for text in (
        "Nuit des étoiles",
        "Observatoire",
        "Chemin des Crêtes",
        "5 €, gratuit pour les moins de 12 ans",
        "Interprétation en langue des signes (LSF)",
        "Rampe d'accès côté parking.",
        "Association vérifiée",
        "Ajouter à mon agenda",
    ):
        assert text in html
    assert f'href="/profils/{association.profile.pk}/"' in html
    assert f'href="{event.get_ics_url()}"' in html


def test_json_ld_describes_the_event_and_cannot_be_broken_out_of(client, association, make_event):
    event = make_event(association, "Concert </script><script>alert(1)</script>", is_free=True)
    response = client.get(event.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == "Concert </script><script>alert(1)</script>"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == "Creil"
    assert data["location"]["address"]["postalCode"] == "60100"
    assert data["organizer"]["name"] == "Creil Solidarité"
    assert data["offers"]["price"] == "0"
    assert data["url"] == f"http://testserver{event.get_absolute_url()}"


def test_a_cancelled_event_says_so_everywhere(client, association, published):
    cancel_event(event=published, editor=association, reason="Salle inondée")
    response = client.get(published.get_absolute_url())
    assert "Annulé" in page_text(response) and "Salle inondée" in page_text(response)
    assert json_ld(response)["eventStatus"] == "https://schema.org/EventCancelled"


def test_other_upcoming_events_of_the_same_organiser(
    client, association, other_association, make_event
):
    event = make_event(association, "Maraude", days=2)
    make_event(association, "Collecte alimentaire", days=5)
    make_event(association, "Ancienne collecte", days=-5)
    make_event(other_association, "Bal des pompiers", days=3)
    html = page_text(client.get(event.get_absolute_url()))
    assert "Du même organisateur" in html
    assert "Collecte alimentaire" in html
    assert "Ancienne collecte" not in html
    assert "Bal des pompiers" not in html


def test_a_recurring_event_lists_its_next_dates(client, association, make_event):
    event = make_event(association, "Marché", days=1, rrule="FREQ=WEEKLY;COUNT=5")
    html = page_text(client.get(event.get_absolute_url()))
    assert "Prochaines dates" in html
    assert "Prochaine date" in html


def test_a_wrong_slug_redirects_and_a_hidden_event_is_not_found(
    client, roles, make_event, published
):
    response = client.get(f"/agenda/evenement/{published.pk}-ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == published.get_absolute_url()
    draft = make_event(roles["verified_association"], "Brouillon secret", submit=False)
    assert draft.status == Event.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_ics_url()).status_code == 404
    assert client.get("/agenda/evenement/999999-rien/").status_code == 404


# On top of the layout: the event with its category, commune, image, organiser and group; its
# next occurrences; the same organiser's other events.
EVENT_PAGE_QUERIES = 3


def test_the_event_page_runs_the_same_number_of_queries_whatever_the_organiser_has(
    client, association, make_event, django_assert_num_queries, layout_queries
):
    expected = layout_queries + EVENT_PAGE_QUERIES
    event = make_event(association, "Fête", days=1, rrule="FREQ=WEEKLY;COUNT=3")
    client.get(event.get_absolute_url())
    with django_assert_num_queries(expected):
        client.get(event.get_absolute_url())
    for n in range(30):
        make_event(association, f"Autre {n}", days=2 + n, rrule="FREQ=DAILY;COUNT=3")
    with django_assert_num_queries(expected):
        response = client.get(event.get_absolute_url())
    assert len(response.context["others"]) == 4
