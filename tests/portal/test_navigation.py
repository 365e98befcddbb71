"""Menus and links staff set in the admin, the account links, and the accessibility facts."""

import datetime
import re

import pytest
from factories import make_member, page_text
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Site

from portal.blocks.navigation import MenuLinkBlock
from portal.models import PortalSettings, StandardPage


def section(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.fixture
def navigation(demo):
    return PortalSettings.for_site(demo.site)


def link(page=None, url="", label=""):
    return ("link", {"page": page, "url": url, "label": label})


def test_the_main_menu_staff_set_replaces_the_default_in_their_order(client, navigation):
    charter = StandardPage.objects.get(slug="charte-de-participation")
    legal = StandardPage.objects.get(slug="mentions-legales")
    navigation.main_menu = [
        link(legal, label="Le cadre"),
        link(charter),
        link(url="https://www.oise.fr/", label="Le site du Département"),
    ]
    navigation.save()

    html = page_text(client.get("/charte-de-participation/"))

    menu = section(html, 'aria-label="Menu principal"', "</nav>")
    assert re.findall(r">([^<>]+)</a>", menu) == [
        "Le cadre",
        "Charte de participation",
        "Le site du Département",
    ]
    assert re.search(r'href="/charte-de-participation/"\s+aria-current="page"', menu)
    assert "À propos du portail" not in menu


def test_an_unpublished_page_is_left_out_of_the_menu(client, navigation):
    about = StandardPage.objects.get(slug="a-propos")
    navigation.main_menu = [link(about)]
    navigation.save()
    about.unpublish()

    menu = section(page_text(client.get("/")), 'aria-label="Menu principal"', "</nav>")

    assert "À propos du portail" not in menu


def test_a_menu_link_needs_a_page_or_an_address_and_a_label_for_an_address():
    block = MenuLinkBlock()
    with pytest.raises(StructBlockValidationError) as nothing:
        block.clean(block.to_python({"page": None, "url": "", "label": ""}))
    with pytest.raises(StructBlockValidationError) as no_label:
        block.clean(block.to_python({"page": None, "url": "https://www.oise.fr/", "label": ""}))

    assert "Choisissez une page du portail" in str(nothing.value.block_errors["page"])
    assert "Donnez un libellé" in str(no_label.value.block_errors["label"])


def test_footer_links_and_social_networks_staff_set_are_shown(client, navigation):
    navigation.footer_links = [link(url="https://www.service-public.fr/", label="Service public")]
    navigation.social_links = [
        ("network", {"network": "mastodon", "url": "https://social.example/@oise", "label": ""})
    ]
    navigation.legal_notice_page = StandardPage.objects.get(slug="mentions-legales")
    navigation.save()

    footer = section(page_text(client.get("/")), "<footer", "</footer>")

    assert '<a href="https://www.service-public.fr/">Service public</a>' in footer
    # The legal notice chosen in the settings is always there.
    assert '<a href="/mentions-legales/">Mentions légales</a>' in footer
    assert "Suivez-nous" in footer
    assert '<a href="https://social.example/@oise" rel="me">Mastodon</a>' in footer


def test_an_anonymous_visitor_is_offered_to_log_in_or_sign_up_and_the_directory(client, demo):
    html = page_text(client.get("/a-propos/"))

    account = section(html, 'aria-label="Espace personnel"', "</nav>")
    assert '<a href="/annuaire/">Annuaire</a>' in account
    assert '<a href="/compte/login/?next=/a-propos/">Se connecter</a>' in account
    assert '<a href="/compte/signup/">Créer un compte</a>' in account
    assert "Se déconnecter" not in account


def test_a_member_gets_my_account_and_a_log_out_button_that_posts(client, demo, beauvais):
    client.force_login(make_member(first_name="Camille", last_name="Durand", commune=beauvais))

    account = section(page_text(client.get("/")), 'aria-label="Espace personnel"', "</nav>")

    assert '<a href="/mon-compte/">Mon compte</a>' in account
    assert re.search(r'<form method="post" action="/compte/logout/"', account)
    assert 'name="csrfmiddlewaretoken"' in account
    assert "Se connecter" not in account


def test_the_accessibility_statement_opens_with_the_status_date_and_contact(client, demo):
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.accessibility_audit_date = datetime.date(2026, 3, 12)
    portal_settings.accessibility_contact = "accessibilite@parvis.localhost"
    portal_settings.save()

    html = page_text(client.get("/accessibilite/"))

    summary = section(html, '<dl class="notice accessibility-summary">', "</dl>")
    assert "Partiellement conforme" in summary or "partiellement conforme" in summary
    assert '<time datetime="2026-03-12">12 mars 2026</time>' in summary
    assert "mailto:accessibilite@parvis.localhost" in summary
    assert "accessibility-summary" not in page_text(client.get("/a-propos/"))
