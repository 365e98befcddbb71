"""Fixtures shared by the whole suite.

The Oise (département 60) is loaded ONCE per test session into the test database, right after
the migrations: its 680 communes, its 21 EPCI, the département and the Hauts-de-France région,
with their containment links. Every test that uses the database (`db` fixture, `django_db` mark)
finds them; each test runs in a transaction rolled back at its end, so whatever a test adds
(another département, a quartier, a user) is gone for the next one.

Do not use `@pytest.mark.django_db(transaction=True)`: it empties the tables after the test, and
the Oise with them, for the rest of the session.

`oise`, `beauvais` and `creil` return those territories (`civic.territories.models.Territory`); `demo` is
the demo portal as `make run` sets it up.
"""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from civic.territories.models import Territory
from civic.territories.settings import CivicSettings
from portal.models import HomePage, PortalSettings


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_territories", "--departement", "60", stdout=StringIO())


@pytest.fixture
def oise(db):
    """The Oise département (INSEE code 60)."""
    return Territory.objects.get(kind=Territory.Kind.DEPARTEMENT, code="60")


@pytest.fixture
def portal_territory(db, oise):
    """The portal of the Oise: its council's name, and its territory as the root of every
    commune choice."""
    site = Site.objects.get(is_default_site=True)
    CivicSettings.objects.update_or_create(
        site=site, defaults={"authority_name": "Département de l'Oise", "territory": oise}
    )
    # As after the first page seen: the portal's settings exist (creating them is a change).
    PortalSettings.objects.get_or_create(site=site)
    return oise


@pytest.fixture
def beauvais(db):
    """Beauvais, préfecture of the Oise (INSEE 60057, postal code 60000)."""
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60057")


@pytest.fixture
def creil(db):
    """Creil (INSEE 60175, postal code 60100)."""
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60175")


DEMO_PASSWORD = "demo-password-for-tests"


def run_setup_demo(*args):
    out = StringIO()
    call_command("setup_demo", "--departement", "60", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def setup_demo(db):
    """Run `manage.py setup_demo --departement 60 [args]` and return what it printed."""
    return run_setup_demo


@pytest.fixture
def demo(oise):
    """The demo portal, as `manage.py setup_demo --departement 60` leaves it."""
    output = run_setup_demo("--admin-password", DEMO_PASSWORD)
    return SimpleNamespace(
        output=output,
        admin_password=DEMO_PASSWORD,
        departement=oise,
        home=HomePage.objects.get(),
        site=Site.objects.get(is_default_site=True),
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and cached fragments live in the cache (Redis in CI's PostgreSQL run):
    each test starts from an empty one."""

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def uncached_when_counting_queries(request, settings):
    """Tests that count a page's queries measure its rendering, not a hit of the page cache
    (the page cache has its own tests in tests/portal/test_page_cache.py)."""
    if {"django_assert_num_queries", "uncached_pages"} & set(request.fixturenames):
        settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def uncached_pages():
    """Pages rendered on every request (see uncached_when_counting_queries)."""


@pytest.fixture
def run_tasks(db):
    """Run the background tasks queued in the database (imports, search indexing…), as
    `db_worker` would, until none is left."""

    def run():
        ran = 0
        for _ in range(20):
            pending = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
            if not pending:
                break
            for result in pending:
                result.claim("tests")
                try:
                    value = result.task.call(*result.task_result.args, **result.task_result.kwargs)
                except Exception as error:  # recorded as the worker does
                    result.set_failed(error)
                else:
                    result.set_successful(value)
                ran += 1
        return ran

    return run
