"""Loading the territories of France: counts, partial loads, idempotence, updates, the command.

tests/conftest.py has loaded the Oise (département 60) once for the session.
"""

from collections import Counter
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from civic.territories.models import Territory, TerritoryLink
from civic.territories.services import (
    UnknownTerritoryCode,
    load_territories,
    read_territory_data,
)

Kind = Territory.Kind
# CA Beaune, Côte et Sud: 48 communes in Côte-d'Or (21), 5 in Saône-et-Loire (71).
BEAUNE_EPCI = "200006682"
# CC des Villes Sœurs: Seine-Maritime (76, Normandie) and Somme (80, Hauts-de-France).
VILLES_SOEURS_EPCI = "247600588"


def get(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def names(territories):
    return [t.name for t in territories]


def row_counts():
    return Territory.objects.count(), TerritoryLink.objects.count()


def test_the_oise_is_loaded_with_its_680_communes_and_21_epci(oise):
    assert Territory.objects.filter(kind=Kind.COMMUNE).count() == 680
    assert Territory.objects.filter(kind=Kind.EPCI).count() == 21
    assert names(Territory.objects.filter(kind=Kind.DEPARTEMENT)) == ["Oise"]
    assert names(Territory.objects.filter(kind=Kind.REGION)) == ["Hauts-de-France"]
    assert Territory.objects.within(oise).communes().count() == 680
    assert Territory.objects.within(oise).filter(kind=Kind.EPCI).count() == 21


def test_a_commune_is_inside_its_region_departement_and_epci_largest_first(beauvais, oise):
    assert names(beauvais.ancestors()) == ["Hauts-de-France", "Oise", "CA du Beauvaisis"]
    assert beauvais.parent == oise
    assert oise.parent == get(Kind.REGION, "32")


def test_loaded_rows_carry_slug_search_name_population_and_postal_codes(beauvais):
    assert beauvais.slug == "beauvais-60057"
    assert beauvais.search_name == "beauvais"
    assert beauvais.population == 55550
    assert beauvais.postal_code_list == ["60000"]
    assert get(Kind.COMMUNE, "60586").slug == "saint-martin-le-noeud-60586"  # Saint-Martin-le-Nœud


def test_a_second_identical_load_creates_updates_and_deletes_nothing(db):
    before = row_counts()

    report = load_territories(departements=["60"])

    assert report.created == 0
    assert report.updated == 0
    assert report.links_added == 0
    assert report.links_removed == 0
    assert report.kinds[Kind.COMMUNE].unchanged == 680
    assert not report.has_changes
    assert row_counts() == before


def test_a_name_or_population_changed_in_the_database_is_restored_by_a_reload(beauvais):
    Territory.objects.filter(pk=beauvais.pk).update(
        name="Beauvés", slug="beauves-60057", search_name="beauves", population=1
    )

    report = load_territories(departements=["60"])

    beauvais.refresh_from_db()
    assert (beauvais.name, beauvais.population) == ("Beauvais", 55550)
    assert (beauvais.slug, beauvais.search_name) == ("beauvais-60057", "beauvais")
    assert report.kinds[Kind.COMMUNE].updated == 1
    assert report.kinds[Kind.COMMUNE].unchanged == 679


def test_a_name_or_population_changed_in_the_data_updates_the_row_and_its_slug(beauvais):
    data = read_territory_data()
    data.communes["60057"] = replace(
        data.communes["60057"], name="Beauvais-la-Belle", population=60001
    )

    report = load_territories(departements=["60"], data=data)

    beauvais.refresh_from_db()
    assert beauvais.name == "Beauvais-la-Belle"
    assert beauvais.population == 60001
    assert beauvais.slug == "beauvais-la-belle-60057"
    assert list(Territory.objects.search("beauvais la belle")) == [beauvais]
    assert report.updated == 1
    assert report.created == 0


def test_a_commune_moved_to_another_epci_in_the_data_changes_its_links(beauvais):
    data = read_territory_data()
    creil_epci = get(Kind.EPCI, data.communes["60175"].epci)
    data.communes["60057"] = replace(data.communes["60057"], epci=creil_epci.code)

    report = load_territories(departements=["60"], data=data)

    assert names(beauvais.ancestors()) == ["Hauts-de-France", "Oise", creil_epci.name]
    assert report.links_added == 1
    assert report.links_removed == 1


def test_loading_another_departement_keeps_the_oise_intact(oise, beauvais):
    oise_links = TerritoryLink.objects.filter(descendant__in=Territory.objects.within(oise)).count()

    load_territories(departements=["80"])

    somme = get(Kind.DEPARTEMENT, "80")
    hauts_de_france = get(Kind.REGION, "32")
    assert Territory.objects.within(oise).communes().count() == 680
    assert Territory.objects.within(somme).communes().count() == 771
    assert Territory.objects.within(hauts_de_france).communes().count() == 680 + 771
    assert names(beauvais.ancestors()) == ["Hauts-de-France", "Oise", "CA du Beauvaisis"]
    assert (
        TerritoryLink.objects.filter(descendant__in=Territory.objects.within(oise)).count()
        == oise_links
    )
    assert not load_territories(departements=["60", "80"]).has_changes


def test_an_epci_spanning_two_departements_is_inside_neither_but_inside_its_region(db):
    load_territories(departements=["21", "71"])

    beaune = get(Kind.EPCI, BEAUNE_EPCI)
    cote_d_or, saone_et_loire = get(Kind.DEPARTEMENT, "21"), get(Kind.DEPARTEMENT, "71")
    assert names(beaune.ancestors()) == ["Bourgogne-Franche-Comté"]
    assert beaune.parent == get(Kind.REGION, "27")
    assert not Territory.objects.within(cote_d_or).filter(pk=beaune.pk).exists()
    assert not Territory.objects.within(saone_et_loire).filter(pk=beaune.pk).exists()


def test_an_epci_spanning_two_departements_contains_members_of_both(db):
    load_territories(departements=["21", "71"])

    beaune = get(Kind.EPCI, BEAUNE_EPCI)
    members = Territory.objects.within(beaune).communes()
    assert members.count() == 53
    assert members.filter(parent__code="21").count() == 48
    assert members.filter(parent__code="71").count() == 5
    chagny = get(Kind.COMMUNE, "71073")
    assert names(chagny.ancestors()) == [
        "Bourgogne-Franche-Comté",
        "Saône-et-Loire",
        beaune.name,
    ]


def test_a_partial_load_links_only_what_is_loaded_and_a_later_load_completes_it(db):
    load_territories(departements=["21"])
    beaune = get(Kind.EPCI, BEAUNE_EPCI)
    assert Territory.objects.within(beaune).communes().count() == 48
    assert names(beaune.ancestors()) == ["Bourgogne-Franche-Comté"]  # never "Côte-d'Or"

    load_territories(departements=["71"])

    assert Territory.objects.within(beaune).communes().count() == 53
    assert names(beaune.ancestors()) == ["Bourgogne-Franche-Comté"]


def test_an_epci_spanning_two_regions_has_no_parent_and_no_ancestor(db):
    load_territories(departements=["80"])

    villes_soeurs = get(Kind.EPCI, VILLES_SOEURS_EPCI)
    assert villes_soeurs.parent is None
    assert list(villes_soeurs.ancestors()) == []
    assert Territory.objects.within(villes_soeurs).communes().count() == 13  # the Somme's members


def test_loading_a_region_loads_its_departements_communes_and_touching_epci(db):
    report = load_territories(regions=["32"])

    hauts_de_france = get(Kind.REGION, "32")
    departements = Territory.objects.within(hauts_de_france).filter(kind=Kind.DEPARTEMENT)
    assert sorted(d.code for d in departements) == ["02", "59", "60", "62", "80"]
    assert report.kinds[Kind.COMMUNE].unchanged == 680  # the Oise was already there
    assert get(Kind.EPCI, VILLES_SOEURS_EPCI)  # touches the Somme
    assert not Territory.objects.filter(kind=Kind.COMMUNE, parent__code="76").exists()


def test_an_unknown_code_is_refused_before_anything_is_written(db):
    before = row_counts()

    with pytest.raises(UnknownTerritoryCode):
        load_territories(departements=["80", "999"])

    assert row_counts() == before


def test_the_command_refuses_an_unknown_departement_in_french(db):
    with pytest.raises(CommandError, match="Aucun département n'a le code « 999 »"):
        call_command("load_territories", "--departement", "999", stdout=StringIO())


def test_the_command_refuses_an_unknown_region_in_french(db):
    with pytest.raises(CommandError, match="Aucune région n'a le code « 99 »"):
        call_command("load_territories", "--region", "99", stdout=StringIO())


@pytest.mark.parametrize(
    "arguments", [[], ["--departement", "60", "--all"], ["--region", "32", "--departement", "60"]]
)
def test_the_command_wants_exactly_one_scope(db, arguments):
    with pytest.raises(CommandError, match="exactement une option"):
        call_command("load_territories", *arguments, stdout=StringIO())


def test_the_command_reports_progress_and_a_french_summary(db):
    out = StringIO()

    call_command("load_territories", "--departement", "60", stdout=out)

    output = out.getvalue()
    assert "Communes : 680 sur 680" in output
    assert "Communes : 0 créations, 0 mises à jour, 680 sans changement." in output
    assert "Territoires déjà à jour" in output


@pytest.mark.slow
def test_all_of_france_loads_every_region_departement_epci_and_commune(db):
    report = load_territories(everything=True)

    counts = {kind: Territory.objects.filter(kind=kind).count() for kind in Kind.values}
    assert counts == {
        Kind.REGION: 26,
        Kind.DEPARTEMENT: 109,
        Kind.EPCI: 1255,
        Kind.COMMUNE: 34969,
        Kind.QUARTIER: 0,
    }
    assert report.kinds[Kind.COMMUNE].created == 34969 - 680
    kind_of = dict(Territory.objects.values_list("pk", "kind"))
    links = Counter(
        (kind_of[ancestor], kind_of[descendant])
        for ancestor, descendant in TerritoryLink.objects.values_list("ancestor", "descendant")
    )
    # Every commune lies in exactly one département and one région; all but 98 in an EPCI.
    assert links[Kind.DEPARTEMENT, Kind.COMMUNE] == 34969
    assert links[Kind.REGION, Kind.COMMUNE] == 34969
    assert links[Kind.EPCI, Kind.COMMUNE] == 34969 - 98
    assert links[Kind.REGION, Kind.DEPARTEMENT] == 109
    # 89 EPCI span two départements: they are inside none of them.
    assert links[Kind.DEPARTEMENT, Kind.EPCI] == 1255 - 89
    paris = get(Kind.COMMUNE, "75056")
    assert names(paris.ancestors()) == ["Île-de-France", "Paris", "Métropole du Grand Paris"]

    assert not load_territories(everything=True).has_changes
