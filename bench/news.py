"""The benchmark's news pages, inserted in bulk rather than one `add_child` at a time.

`add_child` validates, checks the slug, walks the tree and queues two background tasks for each
page: 2,000 pages took 45 to 55 s of the seeding, against about 5 s here. The rows are written as
Wagtail and treebeard would leave them: the Page rows (path, depth, url_path, content type, locale,
published dates), the NewsPage rows, the parent's child count, the search index (which the queued
tasks only filled once a worker ran) and the reference index.
"""

from datetime import timedelta

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends

from bench.seed import BENCH_TAG
from civic.signals import announce_content_changed
from portal.models import NewsIndexPage, NewsPage

BATCH = 500
SUMMARY = "Travaux, services publics et vie locale : ce qui change près de chez vous."


def seed_news(seeder):
    """Top the benchmark's news up to `seeder.counts["news"]`; return how many news pages exist."""
    index = NewsIndexPage.objects.first()
    if index is None:
        return 0
    existing = NewsPage.objects.filter(slug__startswith=f"{BENCH_TAG}-").count()
    rng = seeder.random
    today = timezone.localdate()
    pages = []
    for n in range(existing, seeder.counts["news"]):
        pages.append(
            NewsPage(
                title=f"Actualité du territoire n° {n}",
                slug=f"{BENCH_TAG}-actualite-{n}",
                date=today - timedelta(days=rng.randint(0, 700)),
                summary=SUMMARY,
                territory=seeder.pick_communes(1)[0] if n % 3 == 0 else None,
            )
        )
    if pages:
        with transaction.atomic():
            add_children(index, pages)
    return NewsPage.objects.count()


def add_children(parent, pages):
    """Insert unsaved, live `pages` (all of one specific page model) as the last children of
    `parent`, as `parent.add_child(instance=page)` followed by a publication would."""
    model = type(pages[0])
    database = router.db_for_write(model)
    now = timezone.now()
    last_path = parent.get_children().order_by("-path").values_list("path", flat=True).first()
    step = int(last_path[-Page.steplen :], len(Page.alphabet)) if last_path else 0
    for offset, page in enumerate(pages, start=1):
        page.path = parent.path + _path_step(step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
    # Django refuses bulk_create on a multi-table child, which spans two tables: the Page part
    # goes in first (Page's own bulk_create, given the specific instances, fills in their ids)...
    Page.objects.using(database).bulk_create(pages, batch_size=BATCH)
    if pages[0].id is None:  # a database that returns no ids from a bulk insert
        ids = dict(
            Page.objects.using(database)
            .filter(path__in=[page.path for page in pages])
            .values_list("path", "id")
        )
        for page in pages:
            page.id = ids[page.path]
    for page in pages:
        page.page_ptr_id = page.id
        page._state.adding = False
        page._state.db = database
    # ...then the specific part, the INSERT bulk_create would write for the child's own table.
    _insert_rows(database, model, pages)
    Page.objects.using(database).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    _index_for_search(model, pages)
    _index_references(pages)
    announce_content_changed(sender=model)


def _path_step(number):
    """Treebeard's step of a materialised path: `number` in `steplen` digits of its alphabet."""
    digits = ""
    for _ in range(Page.steplen):
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits


def _insert_rows(database, model, pages):
    connection = connections[database]
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            f"VALUES ({placeholders})",
            [
                [
                    field.get_db_prep_save(getattr(page, field.attname), connection)
                    for field in fields
                ]
                for page in pages
            ],
        )


def _index_for_search(model, pages):
    """What the search index's background task would do page by page, in one go."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)


def _index_references(pages):
    """The reference index (the admin's « usage » of a territory or an image), as Wagtail's
    background task would fill it for each page."""
    if ReferenceIndex.is_indexed(type(pages[0])):
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
