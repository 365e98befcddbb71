"""`manage.py setup_demo`: a complete demo portal, and nothing more on a second run."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from civic.territories.settings import CivicSettings
from portal.models import (
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    SectionPage,
    StandardPage,
)

DEMO_PAGES = {
    "a-propos": "À propos du portail",
    "charte-de-participation": "Charte de participation",
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
    "accessibilite": "Accessibilité",
}


def test_the_default_site_serves_a_home_page_titled_accueil_on_port_8000(demo):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_page.specific == demo.home
    assert demo.home.title == "Accueil"
    assert demo.home.live


def test_wagtails_welcome_page_is_replaced(demo):
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert Site.objects.count() == 1
    assert list(Page.objects.filter(depth=2).specific()) == [demo.home]


def test_the_demo_pages_are_published_under_the_home_page(demo):
    children = {page.slug: page for page in demo.home.get_children().live().specific()}

    for slug, title in DEMO_PAGES.items():
        assert isinstance(children[slug], StandardPage), slug
        assert children[slug].title == title
        assert children[slug].body, slug


def test_the_home_page_explains_the_portal_with_several_kinds_of_blocks(demo):
    block_types = {block.block_type for block in demo.home.body}

    assert {"heading", "paragraph", "quote", "call_to_action"} <= block_types
    assert "lorem" not in str(demo.home.body).lower()


def test_the_charter_sets_out_the_rules_of_civil_dialogue(demo):
    charter = StandardPage.objects.get(slug="charte-de-participation")
    text = str(charter.body)

    for rule in ["vrais prénom et nom", "personnes", "informations personnelles", "raison"]:
        assert rule in text, rule
    assert "ne supprime jamais un message en silence" in text


def test_the_accessibility_statement_gives_the_status_the_date_the_contact_and_the_recourse(demo):
    statement = StandardPage.objects.get(slug="accessibilite")
    text = str(statement.body)

    assert "partiellement conforme" in text
    assert "Cette déclaration a été établie le" in text
    assert "contact@parvis.localhost" in text
    assert "Défenseur des droits" in text


def test_the_portal_settings_describe_the_oise(demo):
    portal_settings = PortalSettings.for_site(demo.site)

    assert portal_settings.authority_name == "Département de l'Oise"
    assert portal_settings.address == "1 rue Cambry, 60000 Beauvais"
    assert portal_settings.phone
    assert portal_settings.email == "contact@parvis.localhost"
    assert portal_settings.dpo_contact == "dpo@parvis.localhost"
    assert portal_settings.accessibility_page.slug == "accessibilite"
    assert portal_settings.accessibility_status == "partiellement"
    assert portal_settings.accessibility_rate == 75


def test_the_participation_settings_name_the_oise_and_the_charter(demo):
    civic_settings = CivicSettings.for_site(demo.site)

    assert civic_settings.territory == demo.departement
    assert civic_settings.territory.kind == "departement"
    assert civic_settings.territory.code == "60"
    assert civic_settings.charter_page.slug == "charte-de-participation"


def test_a_demo_administrator_is_created_and_its_credentials_printed(demo):
    admin = get_user_model().objects.get(username="admin")

    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.email == "admin@parvis.localhost"
    assert admin.check_password(demo.admin_password)
    assert "http://127.0.0.1:8000/" in demo.output
    assert "http://127.0.0.1:8000/admin/" in demo.output
    assert demo.admin_password in demo.output


def test_a_generated_password_is_printed_when_none_is_given(oise, setup_demo):
    output = setup_demo()

    admin = get_user_model().objects.get(username="admin")
    password = output.split("Mot de passe :")[1].split()[0]
    assert len(password) >= 12
    assert admin.check_password(password)


def test_setup_demo_is_idempotent(demo, setup_demo):
    def counts():
        return (
            Page.objects.count(),
            HomePage.objects.count(),
            StandardPage.objects.count(),
            Site.objects.count(),
            PortalSettings.objects.count(),
            CivicSettings.objects.count(),
            get_user_model().objects.count(),
        )

    before = counts()
    admin_password_hash = get_user_model().objects.get(username="admin").password

    output = setup_demo("--admin-password", "another-password")

    assert counts() == before
    assert get_user_model().objects.get(username="admin").password == admin_password_hash
    assert "Le compte admin@parvis.localhost existe déjà" in output
    assert "another-password" not in output
    assert "Rien à créer" in output


def test_a_second_run_keeps_what_an_editor_changed(demo, setup_demo):
    portal_settings = PortalSettings.for_site(demo.site)
    portal_settings.phone = "03 44 00 00 00"
    portal_settings.save()
    about = StandardPage.objects.get(slug="a-propos")
    about.title = "Qui sommes-nous ?"
    about.save_revision().publish()

    setup_demo()

    assert PortalSettings.for_site(demo.site).phone == "03 44 00 00 00"
    assert StandardPage.objects.get(slug="a-propos").title == "Qui sommes-nous ?"


def test_without_the_departement_loaded_it_warns_and_carries_on(db):
    out = StringIO()

    call_command("setup_demo", "--departement", "2A", stdout=out, stderr=StringIO())

    output = out.getvalue()
    assert "Le département 2A n'est pas chargé" in output
    assert "load_territories --departement 2A" in output
    assert CivicSettings.for_site(Site.objects.get(is_default_site=True)).territory is None
    assert HomePage.objects.count() == 1


def test_the_demo_publishes_a_dozen_news_items_some_about_a_commune(demo):
    index = NewsIndexPage.objects.child_of(demo.home).get(slug="actualites")
    news = NewsPage.objects.child_of(index).live()

    assert news.count() >= 12
    targeted = {item.territory.kind for item in news if item.territory_id}
    assert {"commune", "departement", "epci"} <= targeted
    assert all(item.summary and item.body for item in news)
    assert all(item.tags.exists() for item in news)


def test_the_demo_has_a_mobility_section_with_child_pages_and_a_contact_page(demo):
    section = SectionPage.objects.get(slug="mobilites")
    children = {page.slug for page in section.get_children().live()}
    contact = ContactPage.objects.get(slug="nous-contacter")

    assert {"plan-velo", "transports-scolaires"} <= children
    assert {block.block_type for block in section.body} >= {"key_figures"}
    assert contact.live and contact.form_fields.count() == 4


def test_the_demo_home_page_shows_the_news_and_the_network(client, demo):
    block_types = {block.block_type for block in demo.home.body}
    html = client.get("/").content.decode()

    assert {"news", "nearby_groups", "latest_discussions", "open_consultations"} <= block_types
    assert "Actualités" in html and "Groupes près de chez vous" in html


def test_the_demo_settings_name_the_legal_pages_and_the_accessibility_contact(demo):
    portal_settings = PortalSettings.for_site(demo.site)

    assert portal_settings.legal_notice_page.slug == "mentions-legales"
    assert portal_settings.privacy_page.slug == "donnees-personnelles"
    assert portal_settings.accessibility_audit_date is not None
    assert portal_settings.accessibility_contact == "contact@parvis.localhost"


def test_the_demo_pages_can_be_searched_without_a_background_worker(client, demo):
    html = client.get("/recherche/", {"q": "inscriptions transport"}).content.decode()

    assert "Transport scolaire : les inscriptions sont ouvertes" in html
    assert '<a href="/mobilites/transports-scolaires/">Transports scolaires</a>' in html


def test_the_signup_form_links_to_the_charter_of_the_participation_settings(client, demo):
    html = client.get("/compte/signup/").content.decode()

    assert 'lisez la <a href="/charte-de-participation/">charte de participation</a>' in html
