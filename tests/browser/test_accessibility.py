"""Every public template passes axe-core's WCAG 2.1 A and AA rules in a real browser.

Pages come from the demo portal served by the `live_portal` fixture; pages whose address depends
on the data (an event, a group, a discussion, a profile, a news item) are reached by following the
first link of their list, as a visitor would.
"""

import pytest
from browser.axe import axe_violations

STATIC_PAGES = {
    "accueil": "/",
    "page standard": "/a-propos/",
    "rubrique": "/mobilites/",
    "page de rubrique avec FAQ": "/mobilites/transports-scolaires/",
    "actualités": "/actualites/",
    "agenda filtré": "/agenda/?when=month&free=on",
    "agenda d'un organisateur": "/agenda/?organiser=conseil&organisateur=conseil",
    "agenda, organisateur inconnu": "/agenda/?organiser=inconnu",
    "agenda avec places": "/agenda/?places=on",
    "s'abonner à l'agenda": "/agenda/s-abonner/",
    "annuaire": "/annuaire/",
    "groupes": "/groupes/",
    "recherche": "/recherche/?q=v%C3%A9lo",
    "recherche sans résultat": "/recherche/?q=xylophone",
    "recherche dans l'agenda": "/recherche/?q=march%C3%A9&type=agenda",
    "choisir un lieu": "/territoires/lieux/?q=creil&next=/agenda/",
    "contact": "/nous-contacter/",
    "connexion": "/compte/login/",
    "inscription": "/compte/signup/",
    "choisir sa commune": "/pres-de-chez-moi/",
    "participer": "/participer/",
    "propositions filtrées": "/propositions/?sort=seuil",
    "pétitions": "/petitions/",
    "déclaration d'accessibilité": "/accessibilite/",
    "niveaux de confiance": "/niveaux-de-confiance/",
    "page introuvable": "/cette-page-n-existe-pas/",
}


@pytest.mark.parametrize("path", STATIC_PAGES.values(), ids=STATIC_PAGES.keys())
def test_the_page_has_no_accessibility_violation(page, base_url, assert_accessible, path):
    page.goto(base_url + path)

    assert_accessible(page)


# (list page, CSS selector of the first item's link)
LINKED_PAGES = {
    "une actualité": ("/actualites/", ".news-card .card__title a"),
    "un événement": ("/agenda/", "main a[href*='/agenda/evenement/']"),
    "un groupe": (
        "/groupes/",
        "main a[href^='/groupes/']:not([href$='/nouveau/']):not([href*='?'])",
    ),
    "une discussion": ("/", "main a[href^='/discussions/']"),
    "un profil": ("/annuaire/", "main a[href^='/profils/']"),
    "une association et ses événements": (
        "/annuaire/?kind=association",
        "main a[href^='/profils/']",
    ),
}


@pytest.mark.parametrize(("list_path", "selector"), LINKED_PAGES.values(), ids=LINKED_PAGES.keys())
def test_a_detail_page_has_no_accessibility_violation(
    page, base_url, assert_accessible, list_path, selector
):
    page.goto(base_url + list_path)
    page.locator(selector).first.click()
    page.wait_for_load_state()

    assert list_path != page.url.removeprefix(base_url)
    assert_accessible(page)


def test_the_sign_up_form_with_errors_has_no_accessibility_violation(
    page, base_url, assert_accessible
):
    page.goto(base_url + "/compte/signup/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.locator(".errorlist, .form-errors").count() > 0 or page.locator(":invalid").count()
    assert_accessible(page)


def test_the_contact_form_with_errors_has_no_accessibility_violation(
    page, base_url, assert_accessible
):
    page.goto(base_url + "/nous-contacter/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.get_by_text("Le formulaire contient").count() == 1
    assert_accessible(page)


def test_a_signed_in_editor_sees_pages_without_violation(page, base_url, assert_accessible):
    page.goto(base_url + "/compte/login/")
    page.fill("input[name=login]", "admin@parvis.localhost")
    page.fill("input[name=password]", "mot-de-passe-admin-navigateur")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    for path in ("/", "/mon-compte/", "/annuaire/"):
        page.goto(base_url + path)
        assert_accessible(page)


def test_a_member_s_feed_notifications_and_mention_suggestions_have_no_violation(
    page, base_url, assert_accessible
):
    page.goto(base_url + "/compte/login/")
    page.fill("input[name=login]", "camille.durand@demo.parvis.localhost")
    page.fill("input[name=password]", "parvis-demo-2026")
    page.locator("main form button[type=submit]").first.click()  # the password form
    page.wait_for_load_state()
    page.goto(base_url + "/groupes/")
    page.locator(
        "main a[href^='/groupes/']:not([href$='/nouveau/']):not([href*='?'])"
    ).first.click()
    page.wait_for_load_state()
    group_path = page.url.removeprefix(base_url)
    join = page.get_by_role("button", name="Rejoindre le groupe")
    if join.count():
        join.click()
        page.wait_for_load_state()
    page.locator("form.follow-form button").first.click()  # « Suivre » this group
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Ne plus suivre").count() == 1
    assert_accessible(page)

    for path in ("/mon-fil/", "/notifications/"):
        page.goto(base_url + path)
        assert_accessible(page)

    page.goto(base_url + group_path + "nouvelle-discussion/")
    field = page.locator("textarea[data-mentions]")
    field.press_sequentially("Bonjour @Mart", delay=20)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert_accessible(page)
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value().startswith("Bonjour @Martine Lefort ")


def test_the_checker_itself_reports_a_missing_alternative_and_an_unlabelled_field(page):
    """Guards the guard: axe is injected and its findings reach the assertion."""
    page.set_content(
        '<html lang="fr"><head><title>Essai</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )

    rules = {violation["rule"] for violation in axe_violations(page)}

    assert {"image-alt", "label"} <= rules
