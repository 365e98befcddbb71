"""The directory: associations and elected officials for all, citizens for members only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_member, page_text

from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def names(response):
    return [p.display_name for p in response.context["results"]]


def test_anonymous_visitors_see_verified_associations_and_officials_but_never_citizens(
    client, roles
):
    response = client.get("/annuaire/")
    listed = names(response)
    assert "Creil Solidarité" in listed
    assert "Jean Maire" in listed
    html = page_text(response)
    for hidden in (
        "Camille Durand",
        "Paul Marais",
        "Ulysse Nonconfirme",
        "Les Amis du Marais de Sacy",
    ):
        assert hidden not in html
    assert "Élu·e vérifié·e — Maire de Creil" in html
    assert "Association vérifiée" in html


def test_members_also_see_citizens_except_those_who_chose_to_hide(client, roles):
    hidden = roles["unconfirmed"].profile
    hidden.hide_from_directory = True
    hidden.save()
    client.force_login(roles["citizen"])
    listed = names(client.get("/annuaire/"))
    assert "Camille Durand" in listed
    assert "Ulysse Nonconfirme" not in listed


def test_filter_by_kind(client, roles):
    assert names(client.get("/annuaire/", {"kind": "elected"})) == ["Jean Maire"]
    assert names(client.get("/annuaire/", {"kind": "association"})) == ["Creil Solidarité"]


def test_anonymous_visitors_cannot_list_citizens_by_asking_for_them(client, roles):
    response = client.get("/annuaire/", {"kind": "citizen"})
    assert "Camille Durand" not in page_text(response)


def test_filter_by_territory_uses_containment(client, roles, creil, beauvais, oise):
    client.force_login(roles["citizen"])
    in_creil = names(client.get("/annuaire/", {"territory": creil.pk}))
    assert "Jean Maire" in in_creil
    assert "Camille Durand" not in in_creil  # lives in Beauvais
    epci = creil.ancestors().get(kind="epci")
    assert "Jean Maire" in names(client.get("/annuaire/", {"territory": epci.pk}))
    whole = names(client.get("/annuaire/", {"territory": oise.pk}))
    assert {"Jean Maire", "Camille Durand"} <= set(whole)
    assert "Camille Durand" in names(client.get("/annuaire/", {"territory": beauvais.pk}))


def test_free_text_search_ignores_accents_and_case(client, roles):
    assert names(client.get("/annuaire/", {"q": "creil solidarite"})) == ["Creil Solidarité"]
    client.force_login(roles["citizen"])
    assert "Inès Bénévole" not in names(
        client.get("/annuaire/", {"q": "INES"})
    )  # association shows its name
    assert names(client.get("/annuaire/", {"q": "camille"})) == ["Camille Durand"]


def test_verified_only(client, roles):
    client.force_login(roles["citizen"])
    # The whole territory: a member's directory opens on their area otherwise.
    listed = names(client.get("/annuaire/", {"verified": "on", "territory": ""}))
    assert set(listed) == {"Creil Solidarité", "Jean Maire"}


def test_results_show_commune_and_are_paginated(client, beauvais, moderator):
    for n in range(25):
        user = make_member(first_name=f"Asso{n:02d}", last_name="Test", commune=beauvais)
        request_verification(
            profile=user.profile,
            kind=Profile.Kind.ASSOCIATION,
            identity={
                "organisation_name": f"Association {n:02d}",
                "rna": "W601000123",
                "purpose": "Objet",
            },
        )
        decide_verification(profile=user.profile, moderator=moderator, approve=True, reason="")
    first = client.get("/annuaire/")
    assert len(first.context["results"]) == 20
    assert "Page 1 sur 2" in first.content.decode()
    assert "Beauvais" in first.content.decode()
    assert len(client.get("/annuaire/", {"page": 2}).context["results"]) == 5


def make_verified_associations(count, commune, moderator, start=0):
    for n in range(start, start + count):
        user = make_member(
            first_name=f"Membre{n}", last_name="Asso", commune=commune, email=f"asso{n}@exemple.fr"
        )
        request_verification(
            profile=user.profile,
            kind=Profile.Kind.ASSOCIATION,
            identity={
                "organisation_name": f"Club {n}",
                "rna": "W601000123",
                "purpose": "Sport",
                "action_territory": commune,
            },
        )
        decide_verification(profile=user.profile, moderator=moderator, approve=True, reason="")


# Anonymous: site, civic's site settings (the portal's territory joined), the chosen territory and
# the places within it, the count, the portal's settings, the territory choices, the page of
# profiles, the menu's view restrictions.
# Signed in, on top: the user, their profile (the header names their commune), the user's and
# groups' permissions (admin bar), and the unread notifications (the header's bell). The session
# is read from the cache (cached_db).
DIRECTORY_QUERIES = {False: 9, True: 14}


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_directory_runs_the_same_number_of_queries_for_3_or_30_results(
    client, beauvais, moderator, django_assert_num_queries, signed_in
):
    if signed_in:
        client.force_login(make_member(first_name="Léon", last_name="Lecteur", commune=beauvais))
    query = {"kind": "association", "territory": beauvais.pk}
    client.get("/annuaire/", query)  # the site's root page is cached after the first request
    make_verified_associations(3, beauvais, moderator, start=0)
    with django_assert_num_queries(DIRECTORY_QUERIES[signed_in]):
        response = client.get("/annuaire/", query)
    assert len(response.context["results"]) == 3
    make_verified_associations(27, beauvais, moderator, start=3)
    with django_assert_num_queries(DIRECTORY_QUERIES[signed_in]):
        response = client.get("/annuaire/", query)
    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["results"]) == 20


def test_a_profile_page_runs_a_fixed_number_of_queries(client, roles, django_assert_num_queries):
    profile = roles["verified_elected"].profile
    client.get(f"/profils/{profile.pk}/")

    with CaptureQueriesContext(connection) as first:
        client.get(f"/profils/{profile.pk}/")
    other = roles["verified_association"].profile
    # A verified association's page adds the agenda's section: its next dates and its groups
    # (tests/agenda/test_agenda_association_pages.py keeps that fixed whatever their number).
    with django_assert_num_queries(len(first.captured_queries) + 2):
        client.get(f"/profils/{other.pk}/")


def test_a_citizen_profile_asks_anonymous_visitors_to_log_in(client, roles):
    response = client.get(f"/profils/{roles['citizen'].profile.pk}/")
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    client.force_login(roles["verified_elected"])
    assert client.get(f"/profils/{roles['citizen'].profile.pk}/").status_code == 200
