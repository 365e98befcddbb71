"""`make run`'s demo people: verified associations and elected officials, citizens, one pending request."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from factories import page_text

from civic.people.models import Profile


@pytest.fixture
def demo(db):
    call_command("setup_demo", "--departement", "60", stdout=StringIO(), stderr=StringIO())


def test_the_demo_directory_shows_verified_associations_and_elected_officials(client, demo):
    html = page_text(client.get("/annuaire/"))
    assert "Creil Solidarité" in html
    assert "Association vérifiée" in html
    assert "Élue vérifiée — Maire de Creil" in html  # Martine Lefort: titles agree
    assert "Élu vérifié — Conseiller départemental de l'Oise" in html  # Hervé Dumont
    assert "Archers de Chambly" not in html  # still waiting for verification
    assert "Camille Durand" not in html  # citizens are for members only


def test_the_demo_people_live_in_real_communes_of_the_oise(demo):
    profiles = Profile.objects.with_related().exclude(user__username="admin")
    assert profiles.count() == 15
    assert {p.home_commune.code[:2] for p in profiles} == {"60"}
    assert Profile.objects.pending().get().organisation_name == "Archers de Chambly"


def test_running_the_demo_twice_creates_no_duplicate_people(demo):
    before = User.objects.count()
    call_command("setup_demo", "--departement", "60", stdout=StringIO(), stderr=StringIO())
    assert User.objects.count() == before


def test_demo_people_can_log_in_with_the_printed_password(client, demo):
    response = client.post(
        "/compte/login/",
        {"login": "camille.durand@demo.parvis.localhost", "password": "parvis-demo-2026"},
    )
    assert response.status_code == 302
