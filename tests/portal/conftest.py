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


@pytest.fixture
def news_index(demo):
    """A published news list of its own under the home page, apart from the demo's news."""
    from portal.models import NewsIndexPage

    index = NewsIndexPage(
        title="Nouvelles du test", slug="nouvelles-du-test", introduction="Les nouvelles."
    )
    demo.home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_news(news_index):
    """make_news(title, *, territory=None, date=None, index=None, **fields): a published item."""
    import datetime

    from portal.models import NewsPage

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


@pytest.fixture
def run_tasks(db):
    """Run the background tasks queued in the database (search indexing…), as `db_worker` would."""
    from django_tasks_db.models import DBTaskResult

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
