"""The anonymous page cache: fast for visitors, never stale after an edit, never personal.

The whole suite runs with the cache on (portal/settings/test.py), so every test that edits content
and reads a page again checks invalidation too; these tests pin the cache's own promises.
"""

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from agenda_factories import at
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from factories import make_member, page_text
from wagtail.models import PageViewRestriction

from agenda.services.events import create_event
from civic.people.models import Profile
from civic.territories.settings import CivicSettings
from portal import page_cache
from portal.models import PortalSettings, SectionPage, StandardPage
from portal.targeting import SESSION_COMMUNE_KEY


@pytest.fixture
def library_page(demo):
    """Not `page`: that name is pytest-playwright's fixture, and borrowing it would group these
    tests with the browser tests."""
    page = StandardPage(title="Horaires de la médiathèque", slug="horaires-mediatheque")
    demo.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_second_anonymous_visit_is_served_from_the_cache_without_any_query(client, library_page):
    first = client.get(library_page.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(library_page.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries.captured_queries) == 0


def test_a_published_edit_shows_at_once(client, library_page):
    assert "Horaires de la médiathèque" in page_text(client.get(library_page.url))
    library_page.title = "Horaires d'été de la médiathèque"
    library_page.save_revision().publish()
    assert "Horaires d'été de la médiathèque" in page_text(client.get(library_page.url))


def test_an_unpublished_page_disappears_at_once(client, library_page):
    assert client.get(library_page.url).status_code == 200
    library_page.unpublish()
    assert client.get(library_page.url).status_code == 404


def test_a_saved_draft_does_not_change_what_visitors_see(client, library_page):
    client.get(library_page.url)
    library_page.title = "Brouillon pas encore relu"
    library_page.save_revision()
    assert "Brouillon pas encore relu" not in page_text(client.get(library_page.url))


def test_a_saved_draft_renews_no_page(client, library_page):
    client.get(library_page.url)
    library_page.title = "Brouillon pas encore relu"
    library_page.save_revision()
    assert client.get(library_page.url)["X-Page-Cache"] == "hit"


def publish_ball(commune):
    """« Bal populaire du cache vidé », tomorrow's first event, by a verified association."""
    association = Profile.objects.verified().filter(kind=Profile.Kind.ASSOCIATION).first()
    starts_at = at(1, hour=0, minute=5)
    return create_event(
        author=association.user,
        title="Bal populaire du cache vidé",
        description="Venez danser.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        commune=commune,
        venue_name="Place Carnot",
    )


def test_the_agenda_shows_a_new_event_at_once(client, demo, creil):
    client.get("/agenda/")
    publish_ball(creil)
    assert "Bal populaire du cache vidé" in page_text(client.get("/agenda/"))


def test_a_new_event_renews_the_pages_with_an_events_block_and_no_other(
    client, demo, creil, library_page
):
    events_page = StandardPage(
        title="Sorties du week-end",
        slug="sorties",
        body=[("upcoming_events", {"title": "Prochains événements", "count": 20})],
    )
    demo.home.add_child(instance=events_page)
    events_page.save_revision().publish()
    for url in (events_page.url, library_page.url):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    publish_ball(creil)
    renewed = client.get(events_page.url)
    assert renewed["X-Page-Cache"] == "miss"
    assert "Bal populaire du cache vidé" in page_text(renewed)
    assert client.get(library_page.url)["X-Page-Cache"] == "hit"


def test_a_change_to_the_sites_settings_shows_on_the_home_page_at_once(client, demo):
    client.get("/")
    navigation = PortalSettings.for_site(demo.site)
    navigation.footer_links = [
        ("link", {"page": None, "url": "https://www.service-public.fr/", "label": "Service public"})
    ]
    navigation.save()
    assert "Service public" in page_text(client.get("/"))


def test_a_new_council_name_shows_in_every_pages_header_at_once(client, demo):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    civic_settings = CivicSettings.for_site(demo.site)
    civic_settings.authority_name = "Conseil départemental de l'Oise"
    civic_settings.save()
    header = page_text(client.get("/")).split("</header>")[0]
    assert "Conseil départemental de l'Oise" in header


def test_signed_in_members_are_never_served_a_cached_page_nor_leave_theirs(
    client, library_page, creil
):
    member = make_member(first_name="Nadia", last_name="Benali", commune=creil)
    client.get(library_page.url)  # cached for anonymous visitors
    client.force_login(member)
    signed_in = client.get(library_page.url)
    assert "X-Page-Cache" not in signed_in
    assert "Mon compte" in page_text(signed_in)
    client.logout()
    anonymous = client.get(library_page.url)
    assert "Mon compte" not in page_text(anonymous)


def test_visitors_who_chose_different_communes_get_their_own_page(
    client, library_page, creil, beauvais
):
    session = client.session
    session[SESSION_COMMUNE_KEY] = creil.pk
    session.save()
    assert client.get(library_page.url)["X-Page-Cache"] == "miss"
    assert client.get(library_page.url)["X-Page-Cache"] == "hit"
    session = client.session
    session[SESSION_COMMUNE_KEY] = beauvais.pk
    session.save()
    assert client.get(library_page.url)["X-Page-Cache"] == "miss"


def test_a_page_with_a_form_token_is_never_shared(client, demo):
    """The commune form of « Près de chez moi » carries a CSRF token bound to one visitor."""
    first = client.get("/pres-de-chez-moi/")
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    second = client.get("/pres-de-chez-moi/")
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client, library_page, creil):
    client.get(library_page.url)
    client.cookies["messages"] = "any"
    assert "X-Page-Cache" not in client.get(library_page.url)


def test_a_cached_feed_still_answers_conditional_requests(client, demo):
    first = client.get("/agenda/ical/")
    response = client.get("/agenda/ical/", headers={"if-none-match": first["ETag"]})
    assert response.status_code == 304


def test_nothing_is_cached_when_the_cache_is_turned_off(client, library_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(library_page.url)
    assert "X-Page-Cache" not in client.get(library_page.url)


def test_the_cache_is_on_by_default_only_with_a_cache_shared_by_every_worker():
    def default_seconds(cache_url):
        code = "from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "x" * 60,
            "CACHE_URL": cache_url,
        }
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.strip())

    assert default_seconds("locmemcache://") == 0
    assert default_seconds("redis://127.0.0.1:6379/0") == 60


def test_a_remembered_list_of_territories_still_marks_each_visitors_choice(
    client, demo, creil, beauvais
):
    for commune in (creil, beauvais, creil):
        html = client.get("/agenda/", {"territory": commune.pk}).content.decode()
        chosen = re.findall(r'<option value="(\d+)" selected>', html)
        assert chosen == [str(commune.pk)]


def test_a_page_restricted_after_being_cached_asks_for_its_password_at_once(client, library_page):
    assert "Horaires de la médiathèque" in page_text(client.get(library_page.url))
    PageViewRestriction.objects.create(
        page=library_page, restriction_type=PageViewRestriction.PASSWORD, password="bibliotheque"
    )
    for _ in range(2):
        html = page_text(client.get(library_page.url))
        assert 'name="password"' in html
        assert "Horaires de la médiathèque</h1>" not in html


def test_an_unrestricted_page_is_served_without_asking_for_view_restrictions(client, library_page):
    client.get(library_page.url)
    client.cookies["messages"] = "any"  # a visitor with a message: rendered afresh
    with CaptureQueriesContext(connection) as queries:
        response = client.get(library_page.url)
    assert "X-Page-Cache" not in response and queries.captured_queries
    assert not any("pageviewrestriction" in q["sql"] for q in queries.captured_queries)


def test_an_anonymous_form_sent_that_changes_nothing_renews_no_page(library_page):
    visitor, sender = Client(), Client(enforce_csrf_checks=True)
    visitor.get(library_page.url)
    form_page = sender.get("/pres-de-chez-moi/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    assert sender.post("/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert visitor.get(library_page.url)["X-Page-Cache"] == "hit"


def test_a_published_page_renews_itself_and_its_sections_list_and_the_agenda_only_if_in_the_menu(
    client, demo
):
    section = SectionPage(title="Mobilités douces", slug="mobilites-douces")
    demo.home.add_child(instance=section)
    section.save_revision().publish()
    article = StandardPage(title="Le vélo en ville", slug="velo-en-ville")
    section.add_child(instance=article)
    article.save_revision().publish()
    for url in (section.url, article.url, "/agenda/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "Le vélo en ville, toute l'année"
    article.save_revision().publish()
    assert "Le vélo en ville, toute l'année" in page_text(client.get(section.url))
    assert "Le vélo en ville, toute l'année" in page_text(client.get(article.url))
    assert client.get("/agenda/")["X-Page-Cache"] == "hit"
    menu_page = StandardPage(title="Démarches en ligne", slug="demarches", show_in_menus=True)
    demo.home.add_child(instance=menu_page)
    menu_page.save_revision().publish()
    assert "Démarches en ligne" in page_text(client.get("/agenda/"))


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        (("dialogue", "discussion:1", "group:velo-a-creil"), True),  # a reply in a thread
        (("all",), False),  # a profile, which the directory lists
    ],
)
def test_a_directory_rendered_while_another_worker_writes_is_kept_only_if_it_shows_nothing_of_it(
    rf, change, kept
):
    def render(request):
        request.resolver_match = resolve("/annuaire/")
        page_cache._replace(change)  # another worker's change, landing while this page renders
        return HttpResponse("Annuaire")

    response = page_cache.AnonymousPageCacheMiddleware(render)(rf.get("/annuaire/"))

    assert (response.get("X-Page-Cache") == "miss") is kept
