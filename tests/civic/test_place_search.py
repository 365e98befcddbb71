"""Choosing a place: the « Où » search over communes, intercommunalities and quartiers, by name
or postal code, accents and case aside, the most populous first; its no-JavaScript page; and
places listed in French order."""

import pytest
from factories import page_text

from civic.territories.models import Territory
from civic.territories.services import create_quartier


@pytest.fixture(autouse=True)
def portal_in_the_oise(demo):
    return demo


def labels(client, query):
    response = client.get("/territoires/lieux/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return [place["label"] for place in response.json()["results"]]


def test_a_commune_is_found_by_its_name_without_accents_or_capitals(client):
    for query in ("ecuvilly", "ÉCUVILLY", "Écuv"):
        assert labels(client, query)[0] == "Écuvilly (60310) — Commune"


def test_a_name_finds_the_commune_first_then_its_intercommunality(client):
    found = labels(client, "creil")
    assert found[0] == "Creil (60100) — Commune"
    assert "CA Creil Sud Oise — Intercommunalité" in found


def test_a_postal_code_finds_its_communes(client):
    assert labels(client, "60100")[0] == "Creil (60100) — Commune"


def test_a_quartier_is_found_with_its_commune(client, creil):
    create_quartier(commune=creil, name="Le Plateau")
    assert "Le Plateau, Creil — Quartier" in labels(client, "plateau")


def test_the_most_populous_places_come_first(client):
    found = labels(client, "saint")
    populations = [
        Territory.objects.get(name=label.split(" (")[0].split(" — ")[0]).population
        for label in found
        if label.endswith("Commune")
    ]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("query", ["\x00", "'\"", "x" * 10_000, "🏡", ""])
def test_any_input_gets_an_answer_never_an_error(client, query):
    assert client.get("/territoires/lieux/", {"q": query, "format": "json"}).status_code == 200
    assert client.get("/territoires/lieux/", {"q": query}).status_code == 200


def test_the_search_takes_the_same_queries_whatever_the_number_of_places(
    client, creil, django_assert_num_queries
):
    # The site, the participation settings (the portal's territory), the places.
    client.get("/territoires/lieux/", {"q": "plateau", "format": "json"})
    with django_assert_num_queries(3) as few:
        client.get("/territoires/lieux/", {"q": "plateau", "format": "json"})
    for number in range(12):
        create_quartier(commune=creil, name=f"Plateau {number}")
    with django_assert_num_queries(3) as many:
        response = client.get("/territoires/lieux/", {"q": "plateau", "format": "json"})
    assert len(response.json()["results"]) == 10
    assert len(few.captured_queries) == len(many.captured_queries)


def test_without_javascript_the_results_page_leads_back_to_the_listing_with_the_place(
    client, creil
):
    html = page_text(
        client.get("/territoires/lieux/", {"q": "creil", "next": "/agenda/?when=week&page=2"})
    )
    assert f'href="/agenda/?when=week&territory={creil.pk}"' in html


def test_an_off_site_next_is_not_followed_by_the_results(client):
    html = page_text(
        client.get("/territoires/lieux/", {"q": "creil", "next": "//ailleurs.example/"})
    )
    assert 'href="//ailleurs.example' not in html
    assert "Creil" in html


def test_the_where_filter_lists_the_departement_first_and_accented_names_in_french_order(client):
    html = page_text(client.get("/groupes/"))
    select = html[html.index('name="territory"') :]
    select = select[: select.index("</select>")]
    assert select.index("— Département") < select.index("— Intercommunalité")
    assert select.index("— Intercommunalité") < select.index("— Commune")
    communes = Territory.objects.within(Territory.objects.get(kind="departement", code="60"))
    names = list(communes.communes().order_by("search_name").values_list("name", flat=True))
    at = names.index("Écuvilly")
    before, after = names[at - 1], names[at + 1]
    assert select.index(f"{before} — Commune") < select.index("Écuvilly — Commune")
    assert select.index("Écuvilly — Commune") < select.index(f"{after} — Commune")
    assert not names[-1].startswith("É")
    assert 'data-place-search="/territoires/lieux/"' in html
    assert "Chercher un lieu par son nom ou son code postal" in html
