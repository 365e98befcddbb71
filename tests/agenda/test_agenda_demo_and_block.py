"""The demo agenda, and the « Agenda : prochains événements » block of portal pages."""

from io import StringIO

import pytest
from agenda_factories import at
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from factories import make_member

from agenda.models import Event, EventCategory
from civic.territories.models import Territory
from demo.agenda import create_agenda_demo
from portal.blocks.events import UpcomingEventsBlock, territory_choices


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_the_demo_fills_three_months_and_runs_twice_without_duplicates(db):
    out = StringIO()
    created = create_agenda_demo(stdout=out)
    assert created >= 250
    assert "Agenda de démonstration : " in out.getvalue()
    events = Event.objects.public()
    horizon = at(92, 0)
    assert events.filter(starts_at__gt=horizon).count() == 0
    assert events.values("organiser_profile").distinct().count() >= 3
    assert events.values("commune").distinct().count() >= 10
    market = Event.objects.get(title="Marché de Beauvais")
    assert market.rrule == "FREQ=WEEKLY;BYDAY=SA" and market.occurrences.count() > 50
    cafe = Event.objects.get(title="Repair café de Creil")
    assert cafe.rrule == "FREQ=MONTHLY;BYDAY=2SA" and cafe.commune.name == "Creil"
    assert Event.objects.filter(status=Event.Status.CANCELLED).count() == 1
    assert create_agenda_demo(stdout=StringIO()) == 0
    assert Event.objects.count() == created


def render(value, request):
    block = UpcomingEventsBlock()
    return render_to_string(
        "portal/blocks/upcoming_events_block.html",
        block.get_context(block.to_python(value), parent_context={"request": request}),
    )


def block_value(**overrides):
    value = {"title": "Prochains événements", "count": 3, "category": None, "territory": ""}
    value.update(overrides)
    return value


@pytest.fixture
def spread(association, make_event, beauvais, creil):
    make_event(association, "Bientôt à Beauvais", commune=beauvais, days=1)
    make_event(association, "Plus tard à Creil", commune=creil, days=5)
    nogent = Territory.objects.get(kind="commune", code="60463")  # Nogent-sur-Oise, same EPCI
    make_event(
        association,
        "Exposition à Nogent",
        commune=nogent,
        days=8,
        category=EventCategory.objects.get(slug="exposition"),
    )
    make_event(association, "Déjà passé", commune=creil, days=-2)


def anonymous_request(session=None):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = session or {}
    return request


def order(html, *titles):
    return sorted(titles, key=html.index)


def test_the_block_lists_the_next_events_by_date(spread):
    html = render(block_value(), anonymous_request())
    assert order(html, "Plus tard à Creil", "Bientôt à Beauvais", "Exposition à Nogent") == [
        "Bientôt à Beauvais",
        "Plus tard à Creil",
        "Exposition à Nogent",
    ]
    assert "Déjà passé" not in html
    assert 'href="/agenda/"' in html


def test_a_visitor_who_chose_their_commune_sees_nearby_events_first(spread, creil):
    html = render(block_value(), anonymous_request({"civic_commune_id": creil.pk}))
    assert order(html, "Bientôt à Beauvais", "Plus tard à Creil", "Exposition à Nogent") == [
        "Plus tard à Creil",
        "Exposition à Nogent",  # in Creil's intercommunality
        "Bientôt à Beauvais",
    ]
    assert "Les événements près de Creil en premier." in html


def test_a_member_sees_events_near_their_home_commune_first(spread, creil):
    request = anonymous_request()
    request.user = make_member(first_name="Nour", last_name="Habitante", commune=creil)
    html = render(block_value(count=1), request)
    assert "Plus tard à Creil" in html and "Bientôt à Beauvais" not in html


def test_the_block_narrows_to_a_category_and_a_territory(spread, creil):
    html = render(
        block_value(category=EventCategory.objects.get(slug="exposition").pk), anonymous_request()
    )
    assert "Exposition à Nogent" in html
    assert "Plus tard à Creil" not in html and "Bientôt à Beauvais" not in html
    assert "category=exposition" in html
    epci = creil.ancestors().get(kind="epci")
    html = render(block_value(territory=str(epci.pk)), anonymous_request())
    assert "Bientôt à Beauvais" not in html
    assert "Plus tard à Creil" in html and "Exposition à Nogent" in html
    assert (str(epci.pk), f"{epci.name} — Intercommunalité") in territory_choices()


def test_the_block_says_when_nothing_is_coming(db):
    html = render(block_value(), anonymous_request())
    assert "Aucun événement à venir pour le moment." in html


def test_the_demo_home_page_shows_the_next_events(client, db):
    call_command("setup_demo", "--departement", "60", stdout=StringIO(), stderr=StringIO())
    html = client.get("/").content.decode()
    assert "Prochains événements" in html
    assert "Tout l&#x27;agenda" in html or "Tout l'agenda" in html
    assert html.count('class="card event-card') == 6


def test_an_event_in_the_visitors_commune_comes_before_a_sooner_one_in_their_intercommunality(
    association, make_event, creil
):
    nogent = Territory.objects.get(kind="commune", code="60463")  # Creil's intercommunality
    make_event(association, "Bientôt à Nogent", commune=nogent, days=1)
    make_event(association, "Plus tard à Creil", commune=creil, days=6)
    html = render(block_value(), anonymous_request({"civic_commune_id": creil.pk}))
    assert order(html, "Bientôt à Nogent", "Plus tard à Creil") == [
        "Plus tard à Creil",
        "Bientôt à Nogent",
    ]
