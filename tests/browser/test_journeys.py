"""Journeys in a real browser, as people do them, against the live demo portal.

Each journey ends with a screenshot of its last screen in test-results/.
"""

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "un-mot-de-passe-solide"  # tests/factories.make_member's


def create_member(live_portal, *, first_name, last_name, commune, groups=()):
    """A confirmed member of the live portal, made with the suite's own factory."""
    email = f"{first_name}.{last_name}@exemple.fr".lower()
    live_portal.python(
        "from civic.territories.models import Territory\n"
        "from factories import make_member\n"
        f"commune = Territory.objects.communes().get(name={commune!r})\n"
        f"make_member(first_name={first_name!r}, last_name={last_name!r}, commune=commune, "
        f"email={email!r}, groups={list(groups)!r})\n"
    )
    return email


def log_in(page, base_url, email):
    page.goto(base_url + "/compte/login/")
    page.get_by_label("Adresse e-mail").or_(page.locator("input[name=login]")).first.fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator(
        "main form button[type=submit]"
    ).first.click()  # the password form (FranceConnect follows)
    page.wait_for_load_state()


@pytest.fixture
def news_index_id(live_portal):
    output = live_portal.python(
        "from portal.models import NewsIndexPage\n"
        "print(NewsIndexPage.objects.get(slug='actualites').pk)"
    )
    return int(output.split()[-1])


def test_journey_1_a_visitor_chooses_their_commune_and_downloads_a_nearby_event(
    page, base_url, screenshot, tmp_path
):
    page.goto(base_url + "/")
    page.get_by_role("link", name="Choisir ma commune").first.click()
    page.get_by_label("Votre commune").fill("Noyon")
    page.get_by_role("button", name="Voir ce qui se passe près de chez moi").click()
    # Back on the page where the choice began, the header now says where « chez moi » is.
    expect(page.locator("header")).to_contain_text("Noyon")
    page.locator("header").get_by_role("link", name=re.compile("Noyon")).click()
    expect(page.locator("main")).to_contain_text(
        "Les groupes et les discussions qui concernent Noyon"
    )

    page.goto(base_url + "/")
    events = page.locator("section", has=page.get_by_role("heading", name="Prochains événements"))
    expect(events).to_contain_text("près de Noyon")
    events.locator("a[href*='/agenda/evenement/']").first.click()
    expect(page.locator("main")).to_contain_text("Noyon")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    calendar = path.read_text(encoding="utf-8")
    assert download.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in calendar and "BEGIN:VEVENT" in calendar
    screenshot(page, "parcours-1-evenement-pres-de-chez-moi")


def test_journey_2_a_newcomer_signs_up_confirms_joins_a_group_and_posts(
    page, live_portal, base_url, screenshot
):
    email = "samia.nouvelle@exemple.fr"
    page.goto(base_url + "/compte/signup/")
    page.locator("input[name=first_name]").fill("Samia")
    page.locator("input[name=last_name]").fill("Nouvelle")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill("Une phrase de passe solide 2026")
    page.locator("input[name=home_commune]").fill("Creil")
    page.locator("input[name=accept_charter]").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    # The confirmation link, from the email the portal sent.
    messages = [text for text in live_portal.emails() if email in text]
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", messages[-1]).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(base_url + "/groupes/")
    # A group's own page (not the listing's « whole territory » link, which carries a query).
    page.locator(
        "main a[href^='/groupes/']:not([href$='/nouveau/']):not([href*='?'])"
    ).first.click()
    page.get_by_role("button", name="Rejoindre le groupe").click()
    expect(page.get_by_role("button", name=re.compile("Quitter"))).to_have_count(1)
    page.locator("main a[href^='/discussions/']").first.click()
    reply = "Bonjour à toutes et à tous, je viens d'arriver à Creil et je serai à la réunion."
    page.get_by_label("Votre réponse").fill(reply)
    page.get_by_role("button", name="Publier ma réponse").click()
    page.wait_for_load_state()

    expect(page.locator("main")).to_contain_text(reply)
    expect(page.locator("main")).to_contain_text("Samia Nouvelle")
    screenshot(page, "parcours-2-premier-message")


def test_journey_3_an_association_is_verified_and_its_event_reaches_the_agenda_and_home(
    browser, live_portal, base_url, screenshot
):
    association = create_member(
        live_portal, first_name="Paul", last_name="Benevole", commune="Noyon"
    )
    moderator = create_member(
        live_portal,
        first_name="Claire",
        last_name="Moderatrice",
        commune="Beauvais",
        groups=["Modération"],
    )
    name = "Les Amis du Vieux Noyon"
    event_title = "Visite guidée des remparts de Noyon"

    # The association asks for a verified profile.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, base_url, association)
    page.goto(base_url + "/mon-compte/")
    page.get_by_role("link", name="Demander un profil d'association").click()
    page.locator("input[name=organisation_name]").fill(name)
    page.locator("input[name=rna]").fill("W601000777")
    page.locator("textarea[name=purpose]").fill("Faire connaître le patrimoine de Noyon.")
    page.locator("select[name=action_territory]").select_option(label="Noyon — Commune")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Votre demande a été envoyée")
    context.close()

    # A moderator approves it in the Wagtail admin.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, base_url, moderator)
    page.goto(base_url + "/admin/verifications/")
    page.locator("tr", has_text=name).get_by_role("link", name="Examiner").click()
    page.get_by_label("Approuver").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    context.close()

    # The verified association publishes an event, straight onto the agenda and the home page.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, base_url, association)
    page.goto(base_url + "/agenda/proposer/")
    page.locator("input[name=title]").fill(event_title)
    page.locator("select[name=category]").select_option(index=1)
    page.locator("textarea[name=description]").fill(
        "Une heure et demie le long des remparts, avec un guide de l'association."
    )
    tomorrow = live_portal.python(
        "import datetime\nfrom django.utils import timezone\n"
        "print(timezone.localdate() + datetime.timedelta(days=1))"
    ).split()[-1]
    page.locator("input[name=start_date]").fill(tomorrow)
    page.locator("input[name=start_time]").fill("14:30")
    page.locator("input[name=end_time]").fill("16:00")
    page.locator("input[name=commune]").fill("Noyon")
    page.locator("input[name=venue_name]").fill("Parvis de la cathédrale")
    page.locator("button[name=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(event_title)

    page.goto(base_url + "/agenda/")
    expect(page.locator("main")).to_contain_text(event_title)
    page.goto(base_url + "/")
    events = page.locator("section", has=page.get_by_role("heading", name="Prochains événements"))
    expect(events).to_contain_text(event_title)
    expect(events).to_contain_text(name)
    screenshot(page, "parcours-3-evenement-association")
    context.close()


def test_journey_4_an_editor_writes_news_for_a_commune_and_its_residents_see_it_first(
    browser, live_portal, base_url, news_index_id, screenshot
):
    writer = create_member(
        live_portal,
        first_name="Lea",
        last_name="Redactrice",
        commune="Beauvais",
        groups=["Communication"],
    )
    chief = create_member(
        live_portal,
        first_name="Marc",
        last_name="Redacchef",
        commune="Beauvais",
        groups=["Rédaction en chef"],
    )
    resident = create_member(
        live_portal, first_name="Nadia", last_name="Noyonnaise", commune="Noyon"
    )
    title = "Noyon : la piscine municipale rouvre samedi"

    # The Communication editor writes the news item, targets Noyon and submits it.
    editor = browser.new_context(locale="fr-FR")
    page = editor.new_page()
    log_in(page, base_url, writer)
    page.goto(f"{base_url}/admin/pages/add/portal/newspage/{news_index_id}/")
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=summary]").fill(
        "Après six mois de travaux, la piscine rouvre avec un bassin pour les enfants."
    )
    page.locator("select[name=territory]").select_option(label="Noyon (60)")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name=re.compile("Soumettre")).click()
    page.wait_for_load_state()
    expect(page.get_by_text(re.compile("soumise|soumis"))).not_to_have_count(0)
    editor.close()

    # Not published yet: residents do not see it.
    visitor = browser.new_context(locale="fr-FR")
    page = visitor.new_page()
    page.goto(base_url + "/actualites/")
    expect(page.get_by_text(title)).to_have_count(0)
    visitor.close()

    # The senior editor approves it from their dashboard, which publishes it.
    senior = browser.new_context(locale="fr-FR")
    page = senior.new_page()
    log_in(page, base_url, chief)
    page.goto(base_url + "/admin/")
    awaiting = page.locator("#awaiting-review-content")
    expect(awaiting).to_contain_text(title)
    awaiting.get_by_role("button", name="Actions").first.click()
    with page.expect_navigation():
        awaiting.get_by_role("button", name="Approuver", exact=True).first.click()
    expect(page.locator("#awaiting-review-content")).to_have_count(0)  # nothing left to review
    senior.close()

    # A resident of Noyon sees it first in the home page's news.
    home = browser.new_context(locale="fr-FR")
    page = home.new_page()
    log_in(page, base_url, resident)
    page.goto(base_url + "/")
    news = page.locator(".block-news")
    expect(news.locator(".news-card").first).to_contain_text(title)
    expect(news.locator(".news-card").first).to_contain_text("Près de chez vous : Noyon")
    screenshot(page, "parcours-4-actualite-ciblee")
    home.close()
