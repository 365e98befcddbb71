"""Street reports in a real browser, on a phone-sized screen: a citizen reports a pothole with a
photo on the map, a second confirms it, the roads agent takes it, plans it, resolves it with a
photo, and both citizens see each step. axe checks every new page, the map's list included."""

import pytest
from browser.test_journeys import create_member, log_in
from PIL import Image
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def roads(live_portal):
    """The roads service, its agent and the pothole category (once for the module)."""
    agent = create_member(live_portal, first_name="Victor", last_name="Voirie", commune="Beauvais")
    live_portal.python(
        "from django.contrib.auth.models import User\n"
        "from civic.reports.models import StreetReportCategory, StreetReportService\n"
        "service, _ = StreetReportService.objects.get_or_create(name='Voirie')\n"
        f"service.agents.add(User.objects.get(email={agent!r}))\n"
        "StreetReportCategory.objects.get_or_create(name='Nid-de-poule', service=service)\n"
    )
    return agent


@pytest.fixture
def phone(browser, base_url):
    contexts = []

    def open_page():
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="fr-FR",
            timezone_id="Europe/Paris",
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def photo(tmp_path, name, colour):
    path = tmp_path / name
    Image.new("RGB", (1200, 900), colour).save(path, "JPEG")
    return path


def place_on_map(page, map_id):
    map_box = page.locator(f"#{map_id}")
    expect(map_box).to_be_visible()
    map_box.click()  # its centre, the same place for both citizens
    expect(page.locator("#signalement-latitude")).not_to_have_value("")


def test_journey_reports_a_pothole_confirmed_then_taken_planned_and_resolved(
    live_portal, base_url, phone, roads, tmp_path, screenshot, assert_accessible
):
    rita = create_member(live_portal, first_name="Rita", last_name="Signale", commune="Beauvais")
    cyril = create_member(live_portal, first_name="Cyril", last_name="Voisin", commune="Beauvais")

    first = phone()
    log_in(first, base_url, rita)
    first.goto(base_url + "/signalements/nouveau/")
    assert_accessible(first)
    first.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    place_on_map(first, "carte-nouveau-signalement")
    first.get_by_label("Description").fill("Un nid-de-poule profond au milieu de la voie.")
    first.get_by_label("Photos (3 au plus)").set_input_files(photo(tmp_path, "trou.jpg", "gray"))
    first.get_by_role("button", name="Envoyer le signalement").click()
    expect(first.locator("main")).to_contain_text(
        "votre signalement est envoyé au service « Voirie »"
    )
    report_url = first.url
    assert_accessible(first)

    second = phone()
    log_in(second, base_url, cyril)
    second.goto(base_url + "/signalements/nouveau/")
    second.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    place_on_map(second, "carte-nouveau-signalement")
    second.get_by_label("Description").fill("Trou dangereux")
    second.get_by_role("button", name="Envoyer le signalement").click()
    expect(second.locator("main")).to_contain_text("C'est peut-être déjà signalé")
    assert_accessible(second)
    second.get_by_role("button", name="C'est le même : je confirme").click()
    expect(second.locator("main")).to_contain_text("votre confirmation est comptée")
    assert second.url == report_url

    agent = phone()
    log_in(agent, base_url, roads)

    def step(status, expected, **fields):
        agent.goto(report_url)
        agent.get_by_label("Nouvel état").select_option(label=status)
        if "planned_for" in fields:
            agent.get_by_label("Date prévue (si planifié)").fill(fields["planned_for"])
        if "photo" in fields:
            agent.get_by_label("Photo après intervention (si résolu)").set_input_files(
                fields["photo"]
            )
        agent.get_by_role("button", name="Changer l'état").click()
        expect(agent.locator("main")).to_contain_text(f"Nouvel état : {status}")
        for citizen in (first, second):
            citizen.goto(report_url)
            expect(citizen.locator(".report-timeline")).to_contain_text(expected)

    step("Pris en charge", "Pris en charge")
    step("Planifié", "pour le 15 mars 2030", planned_for="2030-03-15")
    step("Résolu", "Résolu", photo=photo(tmp_path, "repare.jpg", "black"))
    expect(first.get_by_role("img", name="Photo après l’intervention")).to_be_visible()
    assert_accessible(first)
    for citizen in (first, second):
        citizen.goto(base_url + "/signalements/les-miens/")
        expect(citizen.locator("main")).to_contain_text("Résolu")
    screenshot(first, "signalements-parcours-resolu")


def test_the_reports_pages_have_no_accessibility_violation(
    live_portal, base_url, phone, roads, assert_accessible, page
):
    page.goto(base_url + "/signalements/")
    expect(page.locator("#carte-signalements")).to_be_visible()
    assert_accessible(page)
    page.goto(base_url + "/signalements/statistiques/")
    assert_accessible(page)
    page.goto(base_url + "/signalements/?status=received&commune=Inconnueville")
    assert_accessible(page)


def test_without_javascript_the_list_alone_is_shown_and_the_form_works(
    live_portal, base_url, browser, roads
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    email = create_member(live_portal, first_name="Nora", last_name="Sansjs", commune="Creil")
    log_in(page, base_url, email)
    page.goto(base_url + "/signalements/nouveau/")
    expect(page.locator("#carte-nouveau-signalement")).to_be_hidden()
    page.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    page.get_by_label("Adresse ou repère").fill("Place de l'Hôtel de Ville")
    page.get_by_label("Description").fill("Pavés descellés")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("Nid-de-poule — Creil")
    page.goto(base_url + "/signalements/")
    expect(page.locator("#carte-signalements")).to_be_hidden()
    expect(page.locator("#liste-signalements")).to_contain_text("Nid-de-poule — Creil")
    context.close()
