"""The benchmark's news, inserted in bulk, are pages like any other: listed, served, searchable,
in a sound page tree, and never duplicated by a second run."""

import re

import pytest
from factories import page_text
from wagtail.models import Page

from bench.news import seed_news
from bench.seed import Seeder
from portal.models import NewsIndexPage, NewsPage

WANTED = 5


@pytest.fixture
def seeder(demo, beauvais, creil):
    seeder = Seeder(scale=0.001)
    seeder.counts["news"] = WANTED
    seeder.communes = [beauvais, creil]
    seeder.commune_weights = [1, 1]
    return seeder


def bench_news():
    return NewsPage.objects.filter(slug__startswith="bench-").order_by("path")


def news_list(client, index):
    """The news list as a visitor reads it: its first page, then each « Suivant » link."""
    html = page_text(client.get(index.url))
    pages = [html]
    while found := re.search(r'href="([^"]+)"\s+rel="next"', html):
        html = page_text(client.get(index.url + found.group(1)))
        pages.append(html)
    return "".join(pages)


def test_seeded_news_are_served_at_their_address_and_listed_by_the_news_index(client, seeder):
    index = NewsIndexPage.objects.get()
    news_list(client, index)  # a list cached before the seeding must not hide the new items
    demo_news = NewsPage.objects.count()

    assert seed_news(seeder) == demo_news + WANTED

    seeded = list(bench_news())
    assert [page.title for page in seeded] == [
        f"Actualité du territoire n° {n}" for n in range(WANTED)
    ]
    listing = news_list(client, index)
    for news in seeded:
        assert news.live and news.first_published_at is not None
        response = client.get(news.url)
        assert response.status_code == 200
        assert news.title in page_text(response)
        assert news.title in listing


def test_seeded_news_leave_a_page_tree_without_problems(seeder):
    seed_news(seeder)

    assert all(not problems for problems in Page.find_problems())
    index = NewsIndexPage.objects.get()
    assert index.numchild == index.get_children().count()


def test_the_portal_search_finds_the_seeded_news(client, seeder):
    seed_news(seeder)

    html = page_text(client.get("/recherche/", {"q": "actualité territoire", "type": "actualites"}))

    assert f"{WANTED} résultats dans « Actualités »" in html
    assert "Actualité du territoire n° 4" in html


def test_a_second_run_adds_only_what_is_missing(seeder):
    total = seed_news(seeder)
    assert seed_news(seeder) == total

    seeder.counts["news"] = WANTED + 2
    assert seed_news(seeder) == total + 2
    assert bench_news().count() == WANTED + 2
    assert len({page.slug for page in bench_news()}) == WANTED + 2
    assert all(not problems for problems in Page.find_problems())
