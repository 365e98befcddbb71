"""« Chez moi »: the header names the visitor's commune with a way to change it that keeps the
page, and the listings open on the visitor's area, one click away from the whole territory."""

import datetime

import pytest
from django.utils import timezone
from factories import make_member, page_text

from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup, Theme
from civic.territories.models import Territory
from portal.targeting import SESSION_COMMUNE_KEY


@pytest.fixture
def clermont(db):
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60157")


def choose(client, place):
    session = client.session
    session[SESSION_COMMUNE_KEY] = place.pk
    session.save()


def test_the_header_names_the_chosen_commune_with_a_link_to_change_it(client, demo, clermont):
    assert "Choisir ma commune" in page_text(client.get("/groupes/"))

    choose(client, clermont)
    html = page_text(client.get("/groupes/"))

    assert "Clermont</a>" in html and "changer" in html
    assert "/pres-de-chez-moi/?changer=1&next=/groupes/" in html


def test_a_member_sees_their_home_commune_in_the_header_and_changes_it_on_their_profile(
    client, demo, creil
):
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    html = page_text(client.get("/agenda/"))

    assert "Creil</a>" in html
    assert 'href="/mon-compte/profil/"' in html or "/profil" in html


def test_changing_the_commune_from_the_header_comes_back_to_the_same_page(client, demo, clermont):
    response = client.post(
        "/pres-de-chez-moi/?changer=1",
        {"commune": "Clermont (60600)", "next": "/agenda/?when=week"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/agenda/?when=week"
    assert client.session[SESSION_COMMUNE_KEY] == clermont.pk


def test_an_off_site_next_address_is_never_followed(client, demo, clermont):
    response = client.post(
        "/pres-de-chez-moi/", {"commune": "Clermont (60600)", "next": "https://ailleurs.example/"}
    )

    assert response["Location"] == "/pres-de-chez-moi/"


@pytest.fixture
def places_groups(demo, creil, beauvais):
    theme = Theme.objects.get_or_create(slug="mobilite", defaults={"name": "Mobilité"})[0]
    now = timezone.now()
    groups = {}
    for slug, territory in (("creil", creil), ("beauvais", beauvais)):
        group = CivicGroup.objects.create(
            name=f"Vélo à {territory.name}",
            slug=f"velo-{slug}",
            description="Un groupe.",
            theme=theme,
            territory=territory,
            last_activity_at=now,
        )
        discussion = Discussion.objects.create(group=group, title=f"Consulter {territory.name}")
        Consultation.objects.create(
            discussion=discussion, closes_at=now + datetime.timedelta(days=10)
        )
        groups[slug] = group
    return groups


def test_the_groups_open_on_the_visitors_area_and_one_click_shows_the_whole_territory(
    client, places_groups, creil
):
    choose(client, creil)

    html = page_text(client.get("/groupes/"))
    assert "Vélo à Creil" in html and "Vélo à Beauvais" not in html
    assert "Autour de chez vous : CA Creil Sud Oise." in html
    assert 'href="/groupes/?territory="' in html

    html = page_text(client.get("/groupes/?territory="))
    assert "Vélo à Creil" in html and "Vélo à Beauvais" in html
    assert "Autour de chez vous" not in html


def test_the_consultations_open_on_the_visitors_area(client, places_groups, creil):
    choose(client, creil)

    html = page_text(client.get("/consultations/"))
    assert "Consulter Creil" in html and "Consulter Beauvais" not in html

    html = page_text(client.get("/consultations/?territory="))
    assert "Consulter Creil" in html and "Consulter Beauvais" in html


def test_the_agenda_and_the_directory_open_on_the_visitors_area(client, demo, creil):
    choose(client, creil)

    agenda = page_text(client.get("/agenda/"))
    assert "Autour de chez vous : CA Creil Sud Oise." in agenda
    assert "Marché de Beauvais" not in agenda
    assert "Marché de Beauvais" in page_text(client.get("/agenda/?territory="))

    directory = page_text(client.get("/annuaire/"))
    assert "Autour de chez vous : CA Creil Sud Oise." in directory


def test_without_a_commune_the_listings_show_the_whole_territory(client, places_groups):
    html = page_text(client.get("/groupes/"))
    assert "Vélo à Creil" in html and "Vélo à Beauvais" in html
    assert "Autour de chez vous" not in html
