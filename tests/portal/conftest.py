"""Fixtures for the portal's tests: the demo set up as `make run` does, and an HTML reader.

The Oise is loaded once per session by tests/conftest.py, which also gives the `oise` fixture.
"""

from html.parser import HTMLParser
from io import BytesIO, StringIO
from types import SimpleNamespace

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Site

from portal.models import HomePage

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


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def image(media_root):
    """A 1600 by 1000 Wagtail image, enough for every width of a srcset."""
    buffer = BytesIO()
    PillowImage.new("RGB", (1600, 1000), (11, 74, 111)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Parvis de la mairie",
        file=ImageFile(BytesIO(buffer.getvalue()), name="parvis.png"),
    )


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parse_elements(html):
    """Every start tag of `html`, in document order, as (tag, {attribute: value})."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


@pytest.fixture
def elements():
    return parse_elements
