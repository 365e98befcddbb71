"""Groups in the directory: kind « Groupes », filtered by theme, territory and text."""

import pytest
from dialogue_helpers import fresh
from factories import make_group, page_text

from civic.dialogue.models.groups import Theme
from civic.moderation import services as moderation


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def two_groups(people, group, beauvais):
    culture = Theme.objects.get(slug="culture")
    theatre = make_group(
        user=people["non_member"],
        name="Théâtre amateur beauvaisien",
        description="Répétitions le jeudi.",
        theme=culture,
        territory=beauvais,
    )
    return group, theatre


def listed(client, **query):
    return [
        g.name for g in client.get("/annuaire/", {"kind": "groupes", **query}).context["results"]
    ]


def test_the_directory_lists_groups_under_their_own_kind(client, two_groups):
    response = client.get("/annuaire/", {"kind": "groupes"})
    assert [g.name for g in response.context["results"]] == [
        "Théâtre amateur beauvaisien",
        "Vélo à Creil",
    ]
    assert "2 groupes" in page_text(response)


def test_groups_are_filtered_by_theme_territory_and_text(client, two_groups, creil):
    culture = Theme.objects.get(slug="culture")
    assert listed(client, theme=culture.pk) == ["Théâtre amateur beauvaisien"]
    epci = creil.ancestors().get(kind="epci")
    assert listed(client, territory=epci.pk) == ["Vélo à Creil"]
    assert listed(client, q="velo") == ["Vélo à Creil"]


def test_hidden_groups_stay_out_of_the_directory(client, people, two_groups):
    moderation.hide_group(user=fresh(people["moderator"]), group=two_groups[1], reason="spam")
    assert listed(client) == ["Vélo à Creil"]


def test_profiles_are_still_listed_without_the_groups_kind(client, people, two_groups):
    names = [p.display_name for p in client.get("/annuaire/").context["results"]]
    assert "Jean Maire" in names and "Vélo à Creil" not in names


def test_the_theme_filter_is_offered_once_groups_are_chosen(client, two_groups):
    assert 'name="theme"' in client.get("/annuaire/", {"kind": "groupes"}).content.decode()
    assert 'name="theme"' not in client.get("/annuaire/").content.decode()
