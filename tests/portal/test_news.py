"""News: a dated list, the visitor's area first, every item still reachable, RSS and Atom."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from factories import make_member, page_text

from civic.territories.models import Territory
from portal.models import NewsPage
from portal.targeting import SESSION_COMMUNE_KEY, visitor_commune


def titles_in_order(html, titles):
    positions = {title: html.index(title) for title in titles}
    return sorted(titles, key=positions.get)


@pytest.fixture
def compiegne(db):
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60159")


@pytest.fixture
def creil_agglo(creil):
    return creil.ancestors().get(kind=Territory.Kind.EPCI)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def targeted_news(make_news, oise, creil, creil_agglo, compiegne):
    """Five items of the last days (within the freshness window): the newest first by date, each
    about somewhere else."""
    return {
        "everyone": make_news("Fermeture estivale des services", date=days_ago(1)),
        "compiegne": make_news("Travaux rue Solférino", territory=compiegne, date=days_ago(2)),
        "oise": make_news("Plan vélo départemental", territory=oise, date=days_ago(6)),
        "agglo": make_news("Nouvelles lignes de bus", territory=creil_agglo, date=days_ago(7)),
        "creil": make_news("Fête de quartier au Plateau", territory=creil, date=days_ago(8)),
    }


def test_without_a_commune_the_news_are_listed_newest_first(client, news_index, targeted_news):
    html = page_text(client.get(news_index.url))

    assert titles_in_order(html, [p.title for p in targeted_news.values()]) == [
        "Fermeture estivale des services",
        "Travaux rue Solférino",
        "Plan vélo départemental",
        "Nouvelles lignes de bus",
        "Fête de quartier au Plateau",
    ]


def test_a_resident_of_creil_sees_creil_then_its_agglomeration_then_the_oise_then_the_rest(
    client, news_index, targeted_news, creil
):
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    html = page_text(client.get(news_index.url))

    assert titles_in_order(html, [p.title for p in targeted_news.values()]) == [
        "Fête de quartier au Plateau",
        "Nouvelles lignes de bus",
        "Plan vélo départemental",
        "Fermeture estivale des services",
        "Travaux rue Solférino",
    ]
    assert "Près de chez vous : Creil" in html
    assert "Les actualités qui concernent Creil" in html


def test_an_anonymous_visitor_who_chose_compiegne_sees_compiegne_first(
    client, news_index, targeted_news, compiegne
):
    session = client.session
    session[SESSION_COMMUNE_KEY] = compiegne.pk
    session.save()

    html = page_text(client.get(news_index.url))

    order = titles_in_order(html, [p.title for p in targeted_news.values()])
    assert order[:2] == ["Travaux rue Solférino", "Plan vélo départemental"]
    # The news of other places are still listed, after.
    assert "Fête de quartier au Plateau" in order[2:]


def test_a_broken_commune_in_the_session_is_ignored(rf, db):
    request = rf.get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request.session = {SESSION_COMMUNE_KEY: "pas-un-nombre"}

    assert visitor_commune(request) is None


def test_the_news_list_is_paginated_and_every_item_stays_reachable(
    client, news_index, make_news, creil
):
    for number in range(14):
        make_news(f"Brève numéro {number:02d}", date=days_ago(20 - number))
    make_news("Brève de Creil", territory=creil, date=days_ago(25))
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    first = page_text(client.get(news_index.url))
    second = page_text(client.get(news_index.url + "?page=2"))

    assert first.index("Brève de Creil") < first.index("Brève numéro 13")
    assert "Page 1 sur 2" in first
    assert "Brève numéro 00" in second and "Brève numéro 00" not in first


def test_a_news_item_shows_its_date_territory_summary_and_themes(client, make_news, creil):
    item = make_news("Ouverture de la médiathèque", territory=creil, summary="Elle ouvre lundi.")
    item.tags.add("culture", "jeunesse")
    item.save_revision().publish()

    html = page_text(client.get(item.url))

    assert "<h1>Ouverture de la médiathèque</h1>" in html
    assert '<time datetime="2026-05-04">4 mai 2026</time>' in html
    assert "Territoire concerné : Creil" in html
    assert "Elle ouvre lundi." in html
    assert re.search(r'<a href="/nouvelles-du-test/\?theme=culture">culture</a>', html)


def test_the_news_list_filters_by_theme(client, news_index, make_news):
    culture = make_news("Festival des arts de la rue")
    culture.tags.add("Arts de la rue")
    culture.save_revision().publish()
    make_news("Travaux de voirie")

    html = page_text(client.get(news_index.url + "?theme=arts-de-la-rue"))

    assert "Festival des arts de la rue" in html
    assert "Travaux de voirie" not in html
    assert "Thème : Arts de la rue." in html


def test_a_draft_or_private_news_item_is_never_listed(client, news_index, make_news):
    make_news("Brouillon secret", publish=False)

    assert "Brouillon secret" not in page_text(client.get(news_index.url))


def test_the_news_list_takes_a_fixed_number_of_queries(
    client, news_index, make_news, creil, image, django_assert_num_queries
):
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    def add_items(count):
        for number in range(count):
            item = make_news(f"Actualité {NewsPage.objects.count()}-{number}", image=image)
            item.tags.add("culture")
            item.save_revision().publish()

    add_items(2)
    client.get(news_index.url)  # warm the site and settings caches
    with django_assert_num_queries(NEWS_LIST_QUERIES) as small:
        client.get(news_index.url)
    add_items(10)
    with django_assert_num_queries(NEWS_LIST_QUERIES) as large:
        response = client.get(news_index.url)
    assert response.status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


# Routing (site, 3 page lookups, the restricted paths: portal/visibility.py); the restricted
# paths again for the list (with the page cache on, both are remembered); user (the session
# comes from the cache), profile with its commune, the territories around the commune (closure
# table), the participation settings (freshness window); count; settings (territory joined); the
# page of items (territory joined); images, renditions, themes; breadcrumb, view restrictions,
# menu; the userbar's 2 permission queries; the unread notifications (the header's bell); the
# header's « chez moi » (the chosen place and its settings).
NEWS_LIST_QUERIES = 25


def test_the_rss_and_atom_feeds_list_the_news_and_are_announced(client, news_index, make_news):
    make_news("Plan vélo départemental", summary="Des pistes cyclables partout.")

    html = page_text(client.get(news_index.url))
    rss = client.get(news_index.url + "flux/rss/")
    atom = client.get(news_index.url + "flux/atom/")

    assert '<link rel="alternate"' in html
    assert 'type="application/rss+xml"' in html and 'href="/nouvelles-du-test/flux/rss/"' in html
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(rss.content).find("channel")
    item = channel.find("item")
    assert item.findtext("title") == "Plan vélo départemental"
    assert item.findtext("description") == "Des pistes cyclables partout."
    assert item.findtext("link").endswith("/nouvelles-du-test/plan-velo-departemental/")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    assert b"Plan v\xc3\xa9lo d\xc3\xa9partemental" in atom.content
