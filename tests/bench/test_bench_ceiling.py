"""The benchmark's ceiling page, served only where the bench app and its URLconf are installed."""

from pathlib import Path

import pytest


@pytest.fixture
def bench_installed(settings):
    """What bench.settings adds to production's: the app's templates and its URLconf (the app
    itself cannot be added to a running process: Wagtail's apps would get ready twice)."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], Path(settings.BASE_DIR) / "bench" / "templates"]}
    ]
    settings.ROOT_URLCONF = "bench.urls"


def test_the_ceiling_names_the_departement_after_one_query(
    client, oise, bench_installed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get("/bench/plafond/")

    assert response.status_code == 200
    assert "<h1>Oise</h1>" in response.content.decode()


def test_the_portal_is_served_beside_the_ceiling(client, bench_installed, db):
    assert client.get("/healthz").status_code == 200
