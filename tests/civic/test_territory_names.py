"""How a territory's name reads after "de" ("Maire de Creil", "Conseiller·e départemental·e de
l'Oise"): `Territory.of_name`, from the COG "type de nom en clair" (TNCC) the loader stores.

tests/conftest.py has loaded the Oise (département 60) once for the session.
"""

import re

import pytest

from civic.common.text import of_name
from civic.territories.models import Territory
from civic.territories.services import load_territories, read_territory_data

Kind = Territory.Kind


def get(kind, code):
    return Territory.objects.get(kind=kind, code=code)


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        (Kind.REGION, "32", "des Hauts-de-France"),  # TNCC 4, the article is not in the name
        (Kind.DEPARTEMENT, "60", "de l'Oise"),  # TNCC 5
        (Kind.COMMUNE, "60175", "de Creil"),  # TNCC 0
        (Kind.COMMUNE, "60223", "d'Estrées-Saint-Denis"),  # TNCC 1
        (Kind.COMMUNE, "60500", "du Plessis-Belleville"),  # TNCC 2, "Le Plessis-Belleville"
        (Kind.COMMUNE, "60142", "de la Chapelle-en-Serval"),  # TNCC 3, "La Chapelle-en-Serval"
        (Kind.COMMUNE, "60006", "des Ageux"),  # TNCC 4, "Les Ageux"
        (Kind.COMMUNE, "60703", "des Marais"),  # TNCC 6, "Aux Marais"
    ],
)
def test_a_loaded_territory_reads_with_the_article_of_its_tncc(db, kind, code, expected):
    assert get(kind, code).of_name == expected


def test_the_nord_the_somme_and_amiens_read_du_de_la_and_d_after_loading(db):
    load_territories(departements=["59", "80"])

    assert get(Kind.DEPARTEMENT, "59").of_name == "du Nord"
    assert get(Kind.DEPARTEMENT, "80").of_name == "de la Somme"
    assert get(Kind.COMMUNE, "80021").of_name == "d'Amiens"


def test_a_reload_fills_the_tncc_of_a_database_loaded_before_it_existed(oise):
    oise_territories = Territory.objects.within(oise)
    region = get(Kind.REGION, "32")
    Territory.objects.filter(
        pk__in=[*oise_territories.values_list("pk", flat=True), region.pk]
    ).update(tncc="")
    assert get(Kind.REGION, "32").tncc == ""

    report = load_territories(departements=["60"])

    assert report.updated == 1 + 1 + 680  # région, département, communes (EPCI have no TNCC)
    assert get(Kind.REGION, "32").of_name == "des Hauts-de-France"
    assert get(Kind.DEPARTEMENT, "60").tncc == "5"
    assert get(Kind.COMMUNE, "60500").of_name == "du Plessis-Belleville"
    assert not oise_territories.filter(kind=Kind.COMMUNE, tncc="").exists()
    assert not load_territories(departements=["60"]).has_changes


@pytest.mark.parametrize(
    ("name", "tncc", "expected"),
    [
        ("Les Andelys", "4", "des Andelys"),  # Eure: the article is not doubled
        ("Los Masos", "8", "de los Masos"),  # Pyrénées-Orientales
        ("Le Vernet-Chaméane", "0", "du Vernet-Chaméane"),  # COG gives TNCC 0: never "de Le"
        ("La Réunion", "0", "de La Réunion"),  # the article belongs to the name
        ("Île de Clipperton", "0", "d'Île de Clipperton"),  # COG gives TNCC 0: never "de Île"
        ("Pays de la Loire", "4", "des Pays de la Loire"),
        ("Grand Est", "2", "du Grand Est"),
        ("Île-de-France", "1", "d'Île-de-France"),
        # Without a TNCC (quartiers, some communes of the collectivités d'outre-mer): guessed.
        ("Le Mont-Dore", None, "du Mont-Dore"),
        ("La Foa", None, "de la Foa"),
        ("L'Île-des-Pins", None, "de l'Île-des-Pins"),
        ("Saint-Jean", None, "de Saint-Jean"),
        ("Argentine", None, "d'Argentine"),
    ],
)
def test_of_name_follows_the_tncc_without_doubling_the_article(name, tncc, expected):
    assert of_name(name, tncc) == expected


OF_FORM = re.compile(r"(de la |de l'|de los |de las |du |des |d'|de )(.+)")


def test_no_name_in_the_data_reads_with_a_doubled_article_or_a_missing_elision():
    data = read_territory_data()
    wrong = []
    for row in [*data.regions.values(), *data.departements.values(), *data.communes.values()]:
        text = of_name(row.name, row.tncc or None)
        of, rest = OF_FORM.fullmatch(text).groups()
        doubled = re.match(r"(Le |Les |La |L'|Aux |Los |Las )", rest) and rest != "La Réunion"
        unelided = of == "de " and re.match(r"[AEIOUÂÉÈÊÎÔ]", rest)
        if doubled or unelided:
            wrong.append(f"{row.code} {row.name}: {text}")

    assert wrong == []
    assert len(data.communes) == 34969  # every commune was read, with its TNCC
    assert sum(1 for row in data.communes.values() if row.tncc) == 34969 - 94
