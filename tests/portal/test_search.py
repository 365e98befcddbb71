"""/recherche/: one search across the portal, grouped by kind, French and accent-insensitive,
never showing what is hidden or private, in a fixed number of queries."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from factories import make_member, page_text

from civic.common.pagination import CappedPaginator
from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.groups import CivicGroup, Theme
from civic.dialogue.services.discussions import edit_post
from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification
from portal.models import StandardPage
from portal.search import views as search_views
from portal.search.registry import sources

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming is PostgreSQL's"
)


def group_headings(html):
    return re.findall(r'<h2 id="resultats-([a-z]+)">', html)


@pytest.fixture
def content(demo, make_news, beauvais, creil, run_tasks):
    moderator = make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )
    page = StandardPage(
        title="Réunions publiques du budget",
        introduction="Le calendrier des réunions publiques dans les cantons.",
    )
    demo.home.add_child(instance=page)
    page.save_revision().publish()
    make_news("Une réunion sur la déviation de Creil", territory=creil)
    theme, _ = Theme.objects.get_or_create(slug="mobilite", defaults={"name": "Mobilité"})
    group = CivicGroup.objects.create(
        name="Vélo à Beauvais",
        slug="velo-a-beauvais",
        description="Les cyclistes se retrouvent pour préparer la réunion du plan vélo.",
        theme=theme,
        territory=beauvais,
    )
    CivicGroup.objects.create(
        name="Réunion masquée",
        slug="reunion-masquee",
        description="Masquée par la modération.",
        theme=theme,
        territory=beauvais,
        is_hidden=True,
        hidden_reason="Hors charte",
    )
    Discussion.objects.create(group=group, title="Compte rendu de la réunion d'été")
    Discussion.objects.create(group=group, title="Réunion cachée", is_hidden=True)
    association = make_member(first_name="Paul", last_name="Marais", commune=creil)
    request_verification(
        profile=association.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={
            "organisation_name": "Réunion des cyclistes de l'Oise",
            "rna": "W601000124",
            "siren": "",
            "purpose": "Promouvoir le vélo.",
            "website": "",
            "action_territory": beauvais,
        },
    )
    decide_verification(profile=association.profile, moderator=moderator, approve=True, reason="")
    # A citizen's profile is never public, whatever their name.
    make_member(first_name="Reunion", last_name="Citoyenne", commune=beauvais)
    run_tasks()  # the search index is updated in the background, by db_worker
    return {"group": group, "page": page}


def test_one_query_finds_pages_news_groups_discussions_and_profiles_grouped_by_kind(
    client, content
):
    html = page_text(client.get("/recherche/", {"q": "réunion"}))

    headings = group_headings(html)
    assert {"pages", "actualites", "groupes", "discussions", "profils"} <= set(headings)
    assert headings.index("pages") < headings.index("actualites") < headings.index("groupes")
    assert "Réunions publiques du budget" in html or "réunion" in html
    assert "Une réunion sur la déviation de Creil" in html
    assert "Vélo à Beauvais" in html
    assert "Compte rendu de la réunion d'été" in html
    assert "Réunion des cyclistes de l'Oise" in html


def test_accents_and_case_do_not_matter(client, content):
    html = page_text(client.get("/recherche/", {"q": "REUNION ETE"}))

    assert "Compte rendu de la réunion d'été" in html


def test_hidden_private_and_unpublished_content_never_appears(
    client, content, make_news, run_tasks
):
    make_news("Réunion en brouillon", publish=False)
    run_tasks()

    html = page_text(client.get("/recherche/", {"q": "reunion"}))

    assert "Réunion masquée" not in html
    assert "Réunion cachée" not in html
    assert "Réunion en brouillon" not in html
    assert "Citoyenne" not in html


def test_a_discussion_retitled_by_its_author_is_found_by_its_new_title_only(
    client, content, beauvais
):
    author = make_member(first_name="Zoé", last_name="Autrice", commune=beauvais)
    discussion = Discussion.objects.create(
        group=content["group"], title="Piste cyclable rue Gambetta", author=author
    )
    opening = Post.objects.create(discussion=discussion, author=author, is_opening=True, body="…")

    edit_post(user=author, post=opening, body="…", title="Stationnement des vélos à la gare")

    assert "Stationnement des vélos à la gare" in page_text(
        client.get("/recherche/", {"q": "velos gare", "type": "discussions"})
    )
    assert "Aucun résultat" in page_text(
        client.get("/recherche/", {"q": "gambetta", "type": "discussions"})
    )


def test_discussions_found_come_most_recently_active_first_even_before_a_pinned_one(
    client, content
):
    now = timezone.now()
    group = content["group"]
    Discussion.objects.create(
        group=group, title="Réunion épinglée", pinned=True, last_activity_at=now - timedelta(days=9)
    )
    Discussion.objects.create(group=group, title="Réunion d'hier", last_activity_at=now)

    html = page_text(client.get("/recherche/", {"q": "reunion", "type": "discussions"}))

    assert html.index("Réunion d'hier") < html.index("Réunion épinglée")


def test_past_the_count_cap_search_says_more_than_and_lists_the_results_up_to_it(
    client, content, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    monkeypatch.setattr(search_views, "OVERVIEW_CAP", 2)
    for n in range(5):
        Discussion.objects.create(group=content["group"], title=f"Atelier Zorglub n° {n}")

    # The overview of every kind counts up to its own, lower cap…
    html = page_text(client.get("/recherche/", {"q": "zorglub"}))
    assert "Plus de 2 résultats pour « zorglub »." in html
    assert "(plus de 2)" in html
    assert "Voir plus de 2 résultats dans « Discussions »" in html

    # …and the kind's own list up to the listings' cap.
    html = page_text(client.get("/recherche/", {"q": "zorglub", "type": "discussions"}))
    assert "Plus de 4 résultats dans « Discussions » pour « zorglub »." in html
    assert html.count("Atelier Zorglub n°") == 4


def test_under_the_count_cap_search_gives_the_exact_number(client, content):
    # A word no demo page holds: on PostgreSQL, pages are matched by stems as well.
    for n in range(5):
        Discussion.objects.create(group=content["group"], title=f"Atelier Zorglub n° {n}")

    html = page_text(client.get("/recherche/", {"q": "zorglub"}))

    assert "5 résultats pour « zorglub »." in html
    assert "Plus de" not in html


def test_the_migration_fills_the_search_words_of_existing_discussions(content):
    discussion = Discussion.objects.get(title="Compte rendu de la réunion d'été")
    Discussion.objects.filter(pk=discussion.pk).update(search_text="")
    migration = importlib.import_module("civic.migrations.0007_search_text")

    migration.fill_search_text(apps, None)

    discussion.refresh_from_db()
    assert discussion.search_text == "compte rendu de la reunion d ete"


@postgres_only
def test_french_stemming_finds_the_singular_from_the_plural(client, content):
    html = page_text(client.get("/recherche/", {"q": "déviations"}))

    assert "Une réunion sur la déviation de Creil" in html


def test_one_kind_can_be_listed_alone_page_by_page(client, content, make_news, run_tasks):
    for number in range(6):
        make_news(f"Kermesse de l'école numéro {number}")
    run_tasks()

    everything = page_text(client.get("/recherche/", {"q": "kermesse"}))
    news_only = page_text(client.get("/recherche/", {"q": "kermesse", "type": "actualites"}))

    assert everything.count('<li class="search-result">') == 5
    assert "Voir les 6 résultats dans « Actualités »" in everything
    assert group_headings(news_only) == ["actualites"]
    assert "6 résultats dans « Actualités » pour « kermesse »." in news_only
    assert news_only.count('<li class="search-result">') == 6


def test_an_empty_query_shows_the_form_and_no_results(client, demo):
    html = page_text(client.get("/recherche/", {"q": "   "}))

    assert '<label for="recherche-page">Votre recherche</label>' in html
    assert "résultat" not in html


def test_nothing_found_says_so_in_french(client, demo):
    html = page_text(client.get("/recherche/", {"q": "xylophone"}))

    assert "Aucun résultat pour « xylophone ». Essayez un autre mot" in html


def test_every_page_has_a_search_form_in_its_header(client, demo):
    html = page_text(client.get("/"))

    header = html[html.index("<header") : html.index("</header>")]
    assert re.search(r'<form method="get" action="/recherche/" role="search"', header)
    assert '<label for="recherche-entete" class="visually-hidden">' in header


def test_the_results_page_takes_a_fixed_number_of_queries(
    client, content, make_news, beauvais, run_tasks, django_assert_num_queries
):
    client.get("/recherche/", {"q": "réunion"})  # warm the site caches
    # Kinds without a result (the agenda's events here) cost their count query only.
    expected = SEARCH_QUERIES + len(sources()) - KINDS_FOUND
    with django_assert_num_queries(expected) as small:
        client.get("/recherche/", {"q": "réunion"})
    theme = Theme.objects.get(slug="mobilite")
    for number in range(8):
        make_news(f"Réunion numéro {number}", territory=beauvais)
        group = CivicGroup.objects.create(
            name=f"Réunion {number}",
            slug=f"reunion-{number}",
            description="Un groupe.",
            theme=theme,
            territory=beauvais,
        )
        Discussion.objects.create(group=group, title=f"Réunion {number}")
    run_tasks()
    with django_assert_num_queries(expected) as large:
        client.get("/recherche/", {"q": "réunion"})
    assert len(small.captured_queries) == len(large.captured_queries)


# A count and a page of items for each of the five kinds found (10), the news' images, renditions
# and themes (3), the pages' site root paths, then the layout's site, settings (with the
# portal's territory), menu and footer.
SEARCH_QUERIES = 19
KINDS_FOUND = 5
