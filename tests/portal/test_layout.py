"""The layout: French, accessible landmarks, the authority's identity, nothing from elsewhere."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from factories import make_member

from portal.models import PortalSettings

FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}


def body_text(response):
    return response.content.decode()


def test_home_page_renders_in_french_with_its_landmarks(client, demo):
    response = client.get("/")

    assert response.status_code == 200
    html = body_text(response)
    assert '<html lang="fr"' in html
    assert '<meta charset="utf-8">' in html
    assert 'name="viewport"' in html
    assert '<header role="banner"' in html
    assert '<nav class="main-menu" aria-label="Menu principal">' in html
    assert '<main id="contenu" tabindex="-1"' in html
    assert '<footer role="contentinfo"' in html
    assert '<div class="messages" role="status">' in html
    assert html.count("<h1>") == 1


def test_the_title_names_the_page_then_the_authority(client, demo):
    html = body_text(client.get("/"))

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert " ".join(unescape(title).split()) == "Accueil — Département de l'Oise"


def test_the_skip_link_to_the_content_is_the_first_focusable_element(client, demo, elements):
    html = body_text(client.get("/"))

    focusable = [
        (tag, attrs)
        for tag, attrs in elements(html)
        if tag in FOCUSABLE and (tag != "a" or "href" in attrs)
    ]
    tag, attrs = focusable[0]
    assert (tag, attrs["href"]) == ("a", "#contenu")
    assert 'href="#contenu">Aller au contenu</a>' in html
    assert 'id="contenu"' in html


def test_the_header_names_the_portal_and_the_menu_lists_the_demo_pages(client, demo):
    html = body_text(client.get("/"))

    header = html[html.index("<header") : html.index("</header>")]
    assert "Département de l'Oise" in unescape(header)
    menu = header[header.index('aria-label="Menu principal"') :]
    assert '<a href="/a-propos/"' in menu
    assert "À propos du portail" in menu
    assert '<a href="/charte-de-participation/"' in menu
    # The legal pages are kept out of the menu and linked from the footer instead.
    assert "Mentions légales" not in menu


def test_the_menu_marks_the_current_page(client, demo):
    html = body_text(client.get("/charte-de-participation/"))

    assert re.search(
        r'<a href="/charte-de-participation/"\s+aria-current="page">Charte de participation</a>',
        html,
    )


def test_the_footer_gives_the_contact_details_the_dpo_and_the_accessibility_status(client, demo):
    html = body_text(client.get("/"))

    footer = html[html.index("<footer") : html.index("</footer>")]
    assert "1 rue Cambry, 60000 Beauvais" in footer
    assert 'href="tel:' in footer
    assert 'href="mailto:contact@parvis.localhost"' in footer
    assert "Délégué à la protection des données" in footer
    assert 'href="mailto:dpo@parvis.localhost"' in footer
    assert '<a href="/accessibilite/">Accessibilité : partiellement conforme</a>' in footer
    assert '<a href="/mentions-legales/">Mentions légales</a>' in footer
    assert '<a href="/donnees-personnelles/">Données personnelles</a>' in footer


def test_a_member_sees_a_new_phone_number_in_the_footer_on_the_next_page(client, demo, creil):
    client.force_login(make_member(first_name="Inès", last_name="Morel", commune=creil))
    assert "03 44 06 60 60" not in body_text(client.get("/agenda/"))
    portal_settings = PortalSettings.for_site(demo.site)
    portal_settings.phone = "03 44 06 60 60"
    portal_settings.save()
    html = body_text(client.get("/agenda/"))
    assert 'href="tel:0344066060"' in html[html.index("<footer") : html.index("</footer>")]


def test_nothing_is_loaded_from_another_host(client, demo, elements):
    for url in ["/", "/a-propos/", "/accessibilite/", "/cette-page-n-existe-pas/"]:
        html = body_text(client.get(url))
        loaded = [
            value
            for tag, attrs in elements(html)
            if tag in {"link", "script", "img", "source", "iframe", "video", "audio"}
            for name, value in attrs.items()
            if name in {"src", "href", "srcset"} and value
        ]
        assert any(value.endswith(".css") for value in loaded), url
        for value in loaded:
            for candidate in value.split(","):
                address = urlsplit(candidate.strip().split(" ")[0])
                assert not address.netloc or address.netloc == "testserver", (url, value)
        assert "<script src" not in html


def test_the_stylesheet_is_ours_respects_reduced_motion_and_shows_the_focus():
    css = Path(finders.find("portal/css/parvis.css")).read_text(encoding="utf-8")
    assert "@import" not in css
    assert "url(" not in css
    assert ":focus-visible" in css
    assert "prefers-reduced-motion" in css
    assert "--color-primary" in css


def test_the_404_page_is_in_french(client, demo):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = body_text(response)
    assert '<html lang="fr"' in html
    assert "<h1>Page introuvable</h1>" in html
    assert "Revenir à l'accueil" in unescape(html)
    assert '<footer role="contentinfo"' in html


def test_the_500_page_renders_without_a_request_or_the_database():
    # No `db` fixture: pytest-django makes any query raise here.
    html = render_to_string("500.html")

    assert '<html lang="fr"' in html
    assert "Le portail rencontre un problème" in html
    # Its stylesheet's address needs no manifest, and nothing is inline for the CSP to refuse.
    assert '<link rel="stylesheet" href="/static/portal/css/error.css">' in html
    assert "<style" not in html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, {"prev": False, "next": True}), (3, {"prev": True, "next": True})],
)
def test_pagination_is_in_french_and_keeps_the_other_parameters(number, expected):
    request = RequestFactory().get("/agenda/", {"q": "fête de la musique", "page": number})
    page_obj = Paginator(list(range(100)), 20).page(number)

    html = render_to_string("includes/pagination.html", {"page_obj": page_obj, "request": request})

    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert f"Page {number} sur 5" in html
    assert ("Précédent" in html) is expected["prev"]
    assert ("Suivant" in html) is expected["next"]
    current = re.search(r'<a[^>]*href="([^"]*)"[^>]*aria-current="page"', html)
    assert current and f"page={number}" in current.group(1)
    assert "q=f%C3%AAte+de+la+musique" in current.group(1)
    assert f"q=f%C3%AAte+de+la+musique&amp;page={number + 1}" in html


def test_pagination_is_hidden_when_there_is_a_single_page():
    page_obj = Paginator([1, 2, 3], 20).page(1)

    html = render_to_string("includes/pagination.html", {"page_obj": page_obj})

    assert html.strip() == ""


def test_messages_are_announced_in_a_status_region():
    html = render_to_string(
        "includes/messages.html",
        {"messages": [Message(constants.SUCCESS, "Votre message a bien été publié.")]},
    )

    assert '<div class="messages" role="status">' in html
    assert '<li class="message message--success">Votre message a bien été publié.</li>' in html
