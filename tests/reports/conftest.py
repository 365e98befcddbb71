"""People, services and categories of the street reports' tests, in the Oise."""

import pytest
from factories import make_member
from wagtail.models import Site

from civic.reports.models import StreetReportCategory, StreetReportService
from civic.territories.settings import CivicSettings

# Two points in Beauvais about 20 m apart, one 100 m away; one in Creil; one in Paris.


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def portal_territory(db, oise):
    site = Site.objects.get(is_default_site=True)
    CivicSettings.objects.update_or_create(site=site, defaults={"territory": oise})
    return oise


@pytest.fixture
def roads(db):
    return StreetReportService.objects.get_or_create(name="Voirie")[0]


@pytest.fixture
def lighting(db):
    return StreetReportService.objects.get_or_create(name="Éclairage public")[0]


@pytest.fixture
def pothole(roads):
    return StreetReportCategory.objects.create(name="Nid-de-poule", service=roads, target_days=5)


@pytest.fixture
def streetlight(lighting, beauvais):
    return StreetReportCategory.objects.create(
        name="Lampadaire en panne", service=lighting, territory=beauvais
    )


@pytest.fixture
def people(db, beauvais, creil, roads, lighting):
    """Users keyed by role (None: the anonymous visitor)."""
    reporter = make_member(first_name="Rita", last_name="Signale", commune=beauvais)
    citizen = make_member(first_name="Cyril", last_name="Voisin", commune=beauvais)
    roads_agent = make_member(first_name="Victor", last_name="Voirie", commune=beauvais)
    roads.agents.add(roads_agent)
    lighting_agent = make_member(first_name="Lucie", last_name="Lumiere", commune=creil)
    lighting.agents.add(lighting_agent)
    staff = make_member(
        first_name="Sonia", last_name="Services", commune=beauvais, groups=["Signalements"]
    )
    moderator = make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )
    return {
        "anonymous": None,
        "reporter": reporter,
        "citizen": citizen,
        "agent": roads_agent,
        "other_agent": lighting_agent,
        "staff": staff,
        "moderator": moderator,
    }
