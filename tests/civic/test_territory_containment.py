"""`within()` and `ancestors()`: right answers, one query each; quartiers created by staff."""

import pytest
from django.core.exceptions import ValidationError

from civic.territories.models import Territory, TerritoryLink, places_within
from civic.territories.services import create_quartier, load_territories

Kind = Territory.Kind
BEAUNE_EPCI = "200006682"


def names(territories):
    return [t.name for t in territories]


def test_a_commune_is_within_itself_only_and_has_three_ancestors_in_one_query_each(
    beauvais, django_assert_num_queries
):
    with django_assert_num_queries(1):
        inside = list(Territory.objects.within(beauvais))
    with django_assert_num_queries(1):
        ancestors = list(beauvais.ancestors())

    assert inside == [beauvais]
    assert names(ancestors) == ["Hauts-de-France", "Oise", "CA du Beauvaisis"]


def test_a_departement_holds_its_communes_and_epci_and_sits_in_its_region(
    oise, beauvais, creil, django_assert_num_queries
):
    with django_assert_num_queries(1):
        inside = list(Territory.objects.within(oise))
    with django_assert_num_queries(1):
        ancestors = list(oise.ancestors())

    assert len([t for t in inside if t.kind == Kind.COMMUNE]) == 680
    assert len([t for t in inside if t.kind == Kind.EPCI]) == 21
    assert {oise, beauvais, creil} <= set(inside)
    assert names(ancestors) == ["Hauts-de-France"]
    assert list(oise.descendants().filter(pk=oise.pk)) == []


def test_containing_lists_a_territory_and_everything_around_it(creil):
    assert set(names(Territory.objects.containing(creil))) == {
        "Creil",
        "CA Creil Sud Oise",
        "Oise",
        "Hauts-de-France",
    }


def test_an_epci_spanning_two_departements_in_one_query_each(db, django_assert_num_queries):
    load_territories(departements=["21", "71"])
    beaune = Territory.objects.get(kind=Kind.EPCI, code=BEAUNE_EPCI)

    with django_assert_num_queries(1):
        inside = list(Territory.objects.within(beaune))
    with django_assert_num_queries(1):
        ancestors = list(beaune.ancestors())

    communes = [t for t in inside if t.kind == Kind.COMMUNE]
    assert len(communes) == 53
    assert {t.parent_id for t in communes} == {
        Territory.objects.get(kind=Kind.DEPARTEMENT, code="21").pk,
        Territory.objects.get(kind=Kind.DEPARTEMENT, code="71").pk,
    }
    assert names(ancestors) == ["Bourgogne-Franche-Comté"]


def test_a_quartier_sits_under_its_commune_and_every_ancestor_of_it(
    beauvais, oise, django_assert_num_queries
):
    quartier = create_quartier(commune=beauvais, name="Saint-Jean")

    with django_assert_num_queries(1):
        ancestors = list(quartier.ancestors())
    with django_assert_num_queries(1):
        inside = list(Territory.objects.within(quartier))

    assert (quartier.kind, quartier.code, quartier.parent) == (
        Kind.QUARTIER,
        "60057-saint-jean",
        beauvais,
    )
    assert names(ancestors) == ["Hauts-de-France", "Oise", "CA du Beauvaisis", "Beauvais"]
    assert inside == [quartier]
    assert quartier in Territory.objects.within(beauvais)
    assert quartier in Territory.objects.within(oise)


def test_a_quartier_code_spells_out_ligatures_and_accents(beauvais):
    quartier = create_quartier(commune=beauvais, name="  Cœur   de Ville Nord-Ouest ")

    assert quartier.name == "Cœur de Ville Nord-Ouest"
    assert quartier.code == "60057-coeur-de-ville-nord-ouest"
    assert quartier.slug == "coeur-de-ville-nord-ouest-60057"
    assert list(Territory.objects.search("coeur de ville")) == [quartier]


def test_a_commune_cannot_have_two_quartiers_with_the_same_name(beauvais, creil):
    create_quartier(commune=beauvais, name="Argentine")
    create_quartier(commune=creil, name="Argentine")  # another commune: fine

    with pytest.raises(ValidationError, match="déjà un quartier"):
        create_quartier(commune=beauvais, name="ARGENTINE")


@pytest.mark.parametrize("name", ["", "   ", "!!!"])
def test_a_quartier_needs_a_name_with_letters_or_digits(beauvais, name):
    with pytest.raises(ValidationError):
        create_quartier(commune=beauvais, name=name)


def test_a_quartier_belongs_to_a_commune_not_to_a_departement(oise):
    with pytest.raises(ValidationError, match="commune"):
        create_quartier(commune=oise, name="Centre")


def test_quartiers_survive_a_reload_with_their_links(beauvais):
    quartier = create_quartier(commune=beauvais, name="Saint-Lucien")
    links = set(TerritoryLink.objects.filter(descendant=quartier).values_list("ancestor", "depth"))

    report = load_territories(departements=["60"])

    assert not report.has_changes
    assert Territory.objects.filter(pk=quartier.pk).exists()
    assert (
        set(TerritoryLink.objects.filter(descendant=quartier).values_list("ancestor", "depth"))
        == links
    )


def test_a_reload_repairs_a_quartier_link_to_an_ancestor_of_its_commune(beauvais):
    quartier = create_quartier(commune=beauvais, name="Voisinlieu")
    TerritoryLink.objects.filter(descendant=quartier, ancestor__kind=Kind.EPCI).delete()

    report = load_territories(departements=["60"])

    assert report.links_added == 1
    assert names(quartier.ancestors()) == [
        "Hauts-de-France",
        "Oise",
        "CA du Beauvaisis",
        "Beauvais",
    ]


def test_the_places_within_a_territory_include_a_quartier_as_soon_as_it_joins_them(beauvais):
    assert set(places_within(beauvais)) == {beauvais.pk}

    quartier = create_quartier(commune=beauvais, name="Saint-Jean")

    assert set(places_within(beauvais)) == {beauvais.pk, quartier.pk}
