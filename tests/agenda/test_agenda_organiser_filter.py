"""/agenda/ by organiser: a name search, and the `?organiser=` links of event and profile pages."""

import re
from datetime import timedelta

import pytest
from agenda_factories import verified_association
from django.utils import timezone
from factories import page_text

from agenda.models import EventCategory
from civic.dialogue.models.groups import CivicGroup, Membership, Theme


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def gardens(db, creil, moderator):
    return verified_association("Jardins partagés", commune=creil, moderator=moderator)


@pytest.fixture
def cycling_group(db, association, creil):
    theme = Theme.objects.first() or Theme.objects.create(name="Culture", slug="culture")
    group = CivicGroup.objects.create(
        name="Vélo à Creil", slug="velo-creil", description="Balades", theme=theme, territory=creil
    )
    Membership.objects.create(group=group, user=association, role=Membership.Role.ANIMATOR)
    return group


@pytest.fixture
def organisers_events(make_event, association, gardens, cycling_group, roles):
    make_event(association, "Maraude solidaire")
    make_event(gardens, "Troc de graines")
    make_event(association, "Balade à vélo", organiser_kind="group", organiser_group=cycling_group)
    make_event(roles["communication"], "Vœux du Département", organiser_kind="council")


def titles(response):
    return sorted(o.event.title for o in response.context["occurrences"])


def test_the_organiser_search_finds_an_association_without_its_accents_or_capitals(
    client, organisers_events
):
    response = client.get("/agenda/", {"organisateur": "JARDINS partages"})
    assert titles(response) == ["Troc de graines"]
    assert 'value="JARDINS partages"' in page_text(response)


def test_the_organiser_search_finds_a_groups_events(client, organisers_events):
    assert titles(client.get("/agenda/", {"organisateur": "velo"})) == ["Balade à vélo"]


@pytest.mark.parametrize("words", ["conseil", "Département", "oise departement"])
def test_the_organiser_search_finds_the_councils_events_by_its_name_or_the_word_conseil(
    client, organisers_events, words
):
    assert titles(client.get("/agenda/", {"organisateur": words})) == ["Vœux du Département"]


def test_an_organiser_search_matching_nobody_shows_the_empty_state_in_french(
    client, organisers_events
):
    response = client.get("/agenda/", {"organisateur": "fanfare inconnue"})
    assert titles(response) == []
    assert "Aucun événement ne correspond à ces critères." in page_text(response)


def test_the_month_view_and_the_feed_take_the_organiser_search(client, organisers_events):
    month = client.get("/agenda/", {"vue": "mois", "organisateur": "jardins"})
    days = [
        o.event.title for week in month.context["weeks"] for d in week for o in d["occurrences"]
    ]
    assert set(days) <= {"Troc de graines"}
    feed = client.get("/agenda/ical/", {"organisateur": "jardins partages"}).content.decode()
    assert "Troc de graines" in feed
    assert "Maraude" not in feed and "Balade" not in feed


def test_an_organiser_link_still_filters_and_names_the_organiser_with_a_way_to_remove_it(
    client, organisers_events, association, cycling_group
):
    response = client.get("/agenda/", {"organiser": association.profile.pk, "free": "on"})
    assert titles(response) == ["Maraude solidaire"]
    html = page_text(response)
    assert "Organisateur choisi : <strong>Creil Solidarité</strong>" in html
    assert f'<input type="hidden" name="organiser" value="{association.profile.pk}"' in html
    assert '<a href="/agenda/?free=on">Retirer ce filtre d\'organisateur</a>' in html

    group = client.get("/agenda/", {"organiser": f"groupe-{cycling_group.pk}"})
    assert titles(group) == ["Balade à vélo"]
    assert "Groupe « Vélo à Creil »" in page_text(group)
    council = client.get("/agenda/", {"organiser": "conseil", "vue": "mois"})
    html = page_text(council)
    assert "Organisateur choisi : <strong>Département de l'Oise</strong>" in html
    assert '<a href="/agenda/?vue=mois">Retirer ce filtre' in html


def test_an_events_link_to_all_its_organisers_events_still_works(client, gardens, make_event):
    event = make_event(gardens, "Troc de graines")
    make_event(gardens, "Atelier compost", days=5)
    html = page_text(client.get(event.get_absolute_url()))
    link = re.search(r'<a href="([^"]+)">Tout l\'agenda de cet organisateur</a>', html)[1]
    response = client.get(link)
    assert titles(response) == ["Atelier compost", "Troc de graines"]
    assert "Organisateur choisi : <strong>Jardins partagés</strong>" in page_text(response)


@pytest.mark.parametrize("value", ["999999", "groupe-999999", "groupe-x", "abc", "1; DROP", "-1"])
def test_an_unknown_or_malformed_organiser_gets_a_french_message_not_an_error(
    client, organisers_events, value
):
    response = client.get("/agenda/", {"organiser": value})
    assert response.status_code == 200
    html = page_text(response)
    assert "Cet organisateur n'existe pas ou n'a aucun événement public" in html
    assert '<a href="/agenda/">Retirer ce filtre d\'organisateur</a>' in html
    assert titles(response) == [
        "Balade à vélo",
        "Maraude solidaire",
        "Troc de graines",
        "Vœux du Département",
    ]
    # The page lists the whole agenda: its subscription link offers the same, which works.
    subscribe = re.search(r'href="([^"]+)">Adresse du flux iCalendar', html)[1]
    assert subscribe == "http://testserver/agenda/ical/"
    feed = client.get("/agenda/ical/", {"organiser": value})
    assert feed.status_code == 400
    assert "Cet organisateur n'existe pas ou n'a aucun événement public" in feed.content.decode()


def test_an_organiser_without_public_events_is_not_named(client, organisers_events, roles):
    response = client.get("/agenda/", {"organiser": roles["citizen"].profile.pk})
    html = page_text(response)
    assert "Camille" not in html
    assert "Cet organisateur n'existe pas ou n'a aucun événement public" in html


def test_the_agenda_no_longer_lists_every_organiser_as_an_option(
    client, organisers_events, make_event, moderator, beauvais
):
    def options():
        return len(re.findall(r"<option\b", client.get("/agenda/").content.decode()))

    before = options()
    for n in range(5):
        make_event(
            verified_association(
                f"Chorale{n} du Beauvaisis", commune=beauvais, moderator=moderator
            ),
            f"Concert {n}",
        )
    html = client.get("/agenda/").content.decode()
    assert options() == before
    assert 'name="organiser"' not in html
    assert "Chorale0 du Beauvaisis</option>" not in html
    assert '<input type="text" name="organisateur"' in html


# On top of the layout: the agenda's own seven (as in test_agenda_browse), and for
# `?organiser=` the chosen organiser's name. The name search adds none: its subqueries are
# part of the agenda's count and page queries.
@pytest.mark.parametrize("asked, own_queries", [("name", 7), ("link", 8)])
def test_filtering_by_organiser_runs_a_fixed_number_of_queries(
    client,
    gardens,
    make_event,
    creil,
    django_assert_num_queries,
    layout_queries,
    asked,
    own_queries,
):
    params = {"territory": creil.pk}
    if asked == "name":
        params["organisateur"] = "jardins partages"
    else:
        params["organiser"] = gardens.profile.pk
    make_event(gardens, "Troc de graines")
    client.get("/agenda/", params)
    with django_assert_num_queries(layout_queries + own_queries):
        small = client.get("/agenda/", params)
    for n in range(30):
        make_event(gardens, f"Atelier {n}", days=1 + n % 20)
    with django_assert_num_queries(layout_queries + own_queries):
        large = client.get("/agenda/", params)
    assert small.context["page_obj"].paginator.count == 1
    assert large.context["page_obj"].paginator.count == 31


def feed_uids(client, params):
    body = client.get("/agenda/ical/", params).content.decode()
    return {line.removeprefix("UID:") for line in body.splitlines() if line.startswith("UID:")}


def listed_uids(client, params):
    return {o.event.uid for o in client.get("/agenda/", params).context["occurrences"]}


def test_for_every_filter_the_feed_holds_exactly_the_events_the_agenda_lists(
    client, organisers_events, make_event, association, gardens, beauvais
):
    today = timezone.localdate()
    make_event(
        gardens,
        "Exposition accessible à Beauvais",
        commune=beauvais,
        category=EventCategory.objects.get(slug="exposition"),
        is_free=False,
        wheelchair_accessible=True,
        hearing_loop=True,
        days=12,
    )
    make_event(association, "Fauteuils bienvenus", wheelchair_accessible=True, days=40)
    make_event(gardens, "Atelier du samedi", rrule="FREQ=WEEKLY;COUNT=6", days=9)
    soon = timezone.now() + timedelta(seconds=5)
    make_event(association, "Tout à l'heure", starts_at=soon, ends_at=soon + timedelta(minutes=30))
    epci = beauvais.ancestors().get(kind="epci")
    asked = [
        {},
        {"category": "exposition"},
        {"territory": beauvais.pk},
        {"territory": epci.pk},
        {"free": "on"},
        {"access": "wheelchair_accessible"},
        {"access": ["wheelchair_accessible", "hearing_loop"]},
        {"organisateur": "jardins"},
        {"organisateur": "conseil"},
        {"organiser": association.profile.pk},
        {"organiser": "conseil"},
        {"when": "today"},
        {"when": "week"},
        {"when": "month"},
        {"start": (today + timedelta(days=10)).isoformat()},
        {"start": today.isoformat(), "end": (today + timedelta(days=14)).isoformat()},
        {"free": "on", "territory": epci.pk, "start": (today + timedelta(days=20)).isoformat()},
    ]
    sizes = set()
    for params in asked:
        listed = listed_uids(client, params)
        assert feed_uids(client, params) == listed, params
        sizes.add(len(listed))
    assert len(sizes) > 4  # the filters chose different events
