"""« Près de chez moi »: what concerns a person's commune, the territories around it and its
quartiers; anonymous visitors choose a commune, remembered in their session."""

import pytest
from dialogue_helpers import fresh
from factories import make_group, make_member, page_text

from civic.dialogue.models.groups import CivicGroup, Theme
from civic.dialogue.services import discussions
from civic.people.models import Profile
from civic.territories.services import create_quartier


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def places(people, creil, beauvais, oise, creil_sud_oise, mobilite):
    """Groups about Creil, its EPCI, the Oise, a quartier of Creil, and Beauvais."""
    author = people["member"]
    rouher = create_quartier(commune=creil, name="Rouher")

    def make(name, territory):
        return make_group(
            user=author,
            name=name,
            description="d",
            territory=territory,
        )

    made = {
        "creil": make("Vélo à Creil (bis)", creil),
        "epci": make("Transports de l'agglo Creil Sud Oise", creil_sud_oise),
        "oise": make("Routes de l'Oise", oise),
        "quartier": make("Voisins de Rouher", rouher),
        "beauvais": make("Beauvais à pied", beauvais),
    }
    for group in made.values():
        discussions.start_discussion(
            user=fresh(author), group=group, title=f"Sujet de {group.name}", body="b"
        )
    return made


def names(response):
    return {g.name for g in response.context["groups"]}


def test_a_signed_in_person_sees_their_commune_the_territories_around_and_its_quartiers(
    client, people, places
):
    client.force_login(people["member"])  # lives in Creil
    response = client.get("/pres-de-chez-moi/")
    assert {
        "Vélo à Creil (bis)",
        "Transports de l'agglo Creil Sud Oise",
        "Routes de l'Oise",
        "Voisins de Rouher",
    } == names(response)
    titles = {d.title for d in response.context["discussions"]}
    assert "Sujet de Voisins de Rouher" in titles
    assert "Sujet de Beauvais à pied" not in titles
    assert "C'est la commune de votre profil" in page_text(response)


def test_a_person_who_moves_sees_their_new_commune_on_the_next_page(
    client, people, places, beauvais
):
    client.force_login(people["member"])
    assert "Vélo à Creil (bis)" in names(client.get("/pres-de-chez-moi/"))
    Profile.objects.filter(user=people["member"]).update(home_commune=beauvais)
    shown = names(client.get("/pres-de-chez-moi/"))
    assert "Beauvais à pied" in shown and "Vélo à Creil (bis)" not in shown


def test_an_account_without_a_profile_is_asked_for_a_commune(client, people, places):
    Profile.objects.filter(user=people["member"]).delete()
    client.force_login(people["member"])
    response = client.get("/pres-de-chez-moi/")
    assert response.status_code == 200
    assert "Votre commune" in page_text(response)


def test_anonymous_visitors_choose_a_commune_remembered_in_their_session(client, places, beauvais):
    first = page_text(client.get("/pres-de-chez-moi/"))
    assert "Votre commune" in first
    response = client.post("/pres-de-chez-moi/", {"commune": "Beauvais"})
    assert response.status_code == 302
    assert client.session["civic_commune_id"] == beauvais.pk
    shown = names(client.get("/pres-de-chez-moi/"))
    assert "Beauvais à pied" in shown and "Routes de l'Oise" in shown
    assert "Vélo à Creil (bis)" not in shown
    assert "Votre commune" in page_text(client.get("/pres-de-chez-moi/?changer=1"))


def test_an_unknown_commune_gets_a_clear_message(client, places):
    response = client.post("/pres-de-chez-moi/", {"commune": "Atlantis"})
    assert "Aucune commune ne correspond à « Atlantis »" in page_text(response)
    assert "civic_commune_id" not in client.session


def test_hidden_groups_are_not_shown(client, people, places):
    CivicGroup.objects.filter(pk=places["oise"].pk).update(is_hidden=True)
    client.force_login(people["member"])
    assert "Routes de l'Oise" not in names(client.get("/pres-de-chez-moi/"))


# On top of the layout (which reads the viewer's profile with their commune for the header): the
# territories around it, their levels (closure table, for the ranking), the groups (with theme,
# territory and members count), the recent discussions (with group and authors); civic's site
# settings with the portal's territory (the commune field's root); whether the viewer follows the
# commune (its « Suivre » button).
NEAR_ME_QUERIES = 6


def test_near_me_runs_the_same_queries_for_3_or_40_groups(
    client, people, creil, mobilite, django_assert_num_queries, layout_queries, settings
):
    settings.CIVIC_POST_RATE = ""
    client.force_login(people["member"])
    expected = NEAR_ME_QUERIES + layout_queries()
    culture = Theme.objects.get(slug="culture")

    def make(count, start):
        for n in range(start, start + count):
            author = make_member(first_name=f"Voisin{n}", last_name="Test", commune=creil)
            group = make_group(
                user=author,
                name=f"Groupe {n}",
                description="d",
                theme=culture if n % 2 else mobilite,
                territory=creil,
            )
            discussions.start_discussion(user=author, group=group, title=f"S{n}", body="b")

    make(3, 0)
    with django_assert_num_queries(expected):
        response = client.get("/pres-de-chez-moi/")
    assert len(response.context["groups"]) == 3
    make(37, 3)
    with django_assert_num_queries(expected):
        response = client.get("/pres-de-chez-moi/")
    assert len(response.context["groups"]) == 20
    assert len(response.context["discussions"]) == 15


def test_the_lists_shared_by_a_communes_residents_show_a_new_group_and_discussion_at_once(
    client, people, places, creil, mobilite
):
    """The lists are kept once per commune until the content changes (portal page cache)."""
    client.force_login(people["member"])
    assert "Jardins partagés de Creil" not in page_text(client.get("/pres-de-chez-moi/"))
    group = make_group(
        user=people["member"],
        name="Jardins partagés de Creil",
        description="d",
        territory=creil,
    )
    assert "Jardins partagés de Creil" in page_text(client.get("/pres-de-chez-moi/"))
    discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Qui a des graines ?", body="Merci."
    )
    assert "Qui a des graines ?" in page_text(client.get("/pres-de-chez-moi/"))
