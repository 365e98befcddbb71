"""Commune lookup: accent- and case-insensitive names, postal and INSEE codes, the search page
and its JSON, restricted to the portal's territory (civic's site settings)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from civic.territories.models import Territory
from civic.territories.services import load_territories
from civic.territories.settings import CivicSettings

Kind = Territory.Kind
URL = "/territoires/communes/"


def search_communes(query):
    return list(Territory.objects.communes().search(query))


def card_titles(response):
    return re.findall(r'<p class="card__title">([^<]*)</p>', response.content.decode())


# The portal's territory, as staff set it in civic's site settings.
def resolve_to_the_oise():
    return Territory.objects.get(kind=Kind.DEPARTEMENT, code="60")


def resolve_to_creil_sud_oise():
    return Territory.objects.get(kind=Kind.EPCI, code="200068047")


def resolve_to_nothing():
    return None


def serve(territory_of):
    """Make `territory_of()` the portal's territory for one test."""
    settings = CivicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.territory = territory_of()
    settings.save()


# --- Territory.objects.search ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["beauvais", "BEAUVAIS", "Beauvais", " beauVAIS ", "60000", "60057"]
)
def test_beauvais_is_found_by_name_in_any_case_by_postal_code_and_by_insee_code(beauvais, query):
    assert search_communes(query)[0] == beauvais


@pytest.mark.parametrize(
    "query", ["saint just en chaussee", "Saint-Just-en-Chaussée", "SAINT JUST-EN-CHAUSSEE"]
)
def test_accents_hyphens_and_case_do_not_matter(db, query):
    assert [c.name for c in search_communes(query)] == ["Saint-Just-en-Chaussée"]


@pytest.mark.parametrize("query", ["saint martin le noeud", "Saint-Martin-le-Nœud", "le NŒUD"])
def test_a_ligature_matches_its_two_letters(db, query):
    assert [c.name for c in search_communes(query)] == ["Saint-Martin-le-Nœud"]


@pytest.mark.parametrize("query", ["oeuilly", "Œuilly", "OEUILLY", "œuilly"])
def test_oeuilly_is_found_with_or_without_its_ligature(db, query):
    load_territories(departements=["02"])

    assert [(c.name, c.code) for c in search_communes(query)] == [("Œuilly", "02565")]


def test_a_postal_code_matches_whole_codes_only(beauvais, creil):
    assert search_communes("6000") == []  # part of 60000
    assert search_communes("0000") == []
    # Creil by its postal code, Brasseuse by its INSEE code; none of the 60000 communes.
    assert [(c.name, c.code) for c in search_communes("60100")] == [
        ("Creil", "60175"),
        ("Brasseuse", "60100"),
    ]
    by_postal_code = search_communes("60000")
    assert len(by_postal_code) == 8
    assert all("60000" in c.postal_code_list for c in by_postal_code)


def test_a_postal_code_is_found_among_several(db):
    paris_like = Territory.objects.create(
        kind=Kind.COMMUNE, code="99001", name="Multiville", postal_codes="99100 99200 99300"
    )

    for query in ("99100", "99200", "99300"):
        assert search_communes(query) == [paris_like]
    assert search_communes("99200 99300") == []


def test_exact_names_come_first_then_the_most_populated(db):
    assert [c.name for c in search_communes("lagny")] == [
        "Lagny",  # 524 inhabitants, but its name is exactly the query
        "Lagny-le-Sec",  # 2,043
        "Balagny-sur-Thérain",  # 1,628
    ]
    assert [c.name for c in search_communes("beauvais")] == [
        "Beauvais",
        "Marseille-en-Beauvaisis",
        "Pierrefitte-en-Beauvaisis",
    ]


@pytest.mark.parametrize("query", ["", "   ", "-", "'"])
def test_an_empty_query_finds_nothing(db, query):
    assert search_communes(query) == []


# --- The page ----------------------------------------------------------------------------------


def test_the_url_is_named_and_lives_under_territoires():
    assert reverse("territories:commune_search") == URL


def test_the_page_has_a_labelled_search_form(client, db):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<form method="get"', html)
    assert re.search(r'<label for="commune-q">[^<]+</label>', html)
    assert 'id="commune-q"' in html
    assert 'name="q"' in html
    assert "Aucune commune" not in html  # nothing asked, nothing refused


def test_the_page_lists_name_departement_and_postal_codes(client, db):
    response = client.get(URL, {"q": "saint just en chaussee"})

    html = response.content.decode()
    assert card_titles(response) == ["Saint-Just-en-Chaussée"]
    assert "Département : 60" in html
    assert "60130" in html
    assert 'value="saint just en chaussee"' in html


def test_the_page_paginates_twenty_communes_at_a_time_in_french(client, db):
    first = client.get(URL, {"q": "villers"})  # 41 communes of the Oise
    second = client.get(URL, {"q": "villers", "page": 2})
    last = client.get(URL, {"q": "villers", "page": 3})

    assert len(card_titles(first)) == 20
    assert len(card_titles(second)) == 20
    assert len(card_titles(last)) == 1
    assert not set(card_titles(first)) & set(card_titles(second))
    assert "41 communes trouvées" in first.content.decode()
    assert "Page 1 sur 3" in first.content.decode()
    assert "Page 2 sur 3" in second.content.decode()
    assert "Précédent" not in first.content.decode()
    assert "Précédent" in second.content.decode()
    assert "Suivant" in second.content.decode()
    assert "Suivant" not in last.content.decode()
    assert "q=villers" in second.content.decode()  # the links keep the search


def test_a_search_without_result_says_so_in_french(client, db):
    response = client.get(URL, {"q": "xyz"})

    assert "Aucune commune ne correspond à « xyz »." in response.content.decode()
    assert card_titles(response) == []


def test_the_query_is_escaped_in_the_page(client, db):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_json_format_answers_for_an_autocomplete(client, db):
    response = client.get(URL, {"q": "beauvais", "format": "json"})

    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["page"] == 1
    assert payload["num_pages"] == 1
    assert payload["results"][0] == {
        "code": "60057",
        "name": "Beauvais",
        "departement": "60",
        "postal_codes": ["60000"],
        "label": "Beauvais (60)",
    }
    assert [r["name"] for r in payload["results"]] == [
        "Beauvais",
        "Marseille-en-Beauvaisis",
        "Pierrefitte-en-Beauvaisis",
    ]


def test_the_json_format_is_paginated_too(client, db):
    payload = client.get(URL, {"q": "villers", "format": "json", "page": 3}).json()

    assert (payload["page"], payload["num_pages"], len(payload["results"])) == (3, 3, 1)


def test_without_a_portal_territory_every_loaded_commune_is_searched(client, db, settings):
    serve(resolve_to_nothing)
    load_territories(departements=["80"])

    payload = client.get(URL, {"q": "villers", "format": "json"}).json()

    assert {r["departement"] for r in payload["results"]} == {"60", "80"}


def test_the_search_is_limited_to_the_portal_territory(client, db, settings):
    load_territories(departements=["80"])  # the Somme is loaded, but the portal serves the Oise
    serve(resolve_to_the_oise)

    payload = client.get(URL, {"q": "villers", "format": "json"}).json()
    page = client.get(URL, {"q": "villers"})

    assert payload["count"] == 41
    assert {r["departement"] for r in payload["results"]} == {"60"}
    assert "41 communes trouvées" in page.content.decode()
    assert "Parmi les communes du territoire : Oise." in page.content.decode()


def test_the_portal_territory_may_be_an_epci(client, db, settings):
    serve(resolve_to_creil_sud_oise)
    creil_sud_oise = Territory.objects.get(kind=Kind.EPCI, code="200068047")
    members = set(
        Territory.objects.within(creil_sud_oise).communes().values_list("code", flat=True)
    )

    found = client.get(URL, {"q": "saint", "format": "json"}).json()["results"]
    elsewhere = client.get(URL, {"q": "beauvais"})

    assert found
    assert {r["code"] for r in found} <= members
    assert len(found) < len(search_communes("saint"))
    assert "Aucune commune ne correspond à « beauvais »." in elsewhere.content.decode()


@pytest.mark.parametrize("response_format", ["html", "json"])
def test_the_number_of_queries_does_not_grow_with_the_results(
    client, db, settings, response_format, uncached_pages
):
    serve(resolve_to_the_oise)
    client.get(URL, {"q": "beauvais", "format": response_format})  # warm up per-site settings
    load_territories(departements=["80"])

    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"q": "beauvais", "format": response_format})
    assert len(card_titles(response) or response_results(response)) == 3
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"q": "saint", "format": response_format})
    assert len(card_titles(response) or response_results(response)) == 20  # of 37 in the Oise

    assert len(few.captured_queries) == len(many.captured_queries)


def response_results(response):
    return response.json()["results"] if response["Content-Type"] == "application/json" else []
