"""Fixtures for the portal's tests: images, news and an HTML reader.

The Oise and the demo portal (`oise`, `demo`) come from tests/conftest.py.
"""

import datetime
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from portal.models import NewsIndexPage, NewsPage


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


@pytest.fixture
def news_index(demo):
    """A published news list of its own under the home page, apart from the demo's news."""

    index = NewsIndexPage(
        title="Nouvelles du test", slug="nouvelles-du-test", introduction="Les nouvelles."
    )
    demo.home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_news(news_index):
    """make_news(title, *, territory=None, date=None, index=None, **fields): a published item."""

    def make(title, *, territory=None, date=None, index=None, publish=True, **fields):
        parent = index or news_index
        fields.setdefault("summary", f"Résumé : {title}.")
        page = NewsPage(
            title=title,
            territory=territory,
            date=date or datetime.date(2026, 5, 4),
            live=publish,
            **fields,
        )
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return page

    return make
