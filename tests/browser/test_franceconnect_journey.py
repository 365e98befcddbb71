"""Journey 5: a newcomer signs up with FranceConnect (the local OpenID Connect provider), sees the
certified badge on their post, is refused an action staff reserve to a higher level and told why,
and logs out through the provider."""

import re

from playwright.sync_api import expect

ADMIN = ("admin@parvis.localhost", "mot-de-passe-admin-navigateur")


def require_verified_profiles_to_create_groups(browser, base_url):
    """Staff set it in the portal's settings (in the Wagtail admin)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(base_url + "/compte/login/")
    page.fill("input[name=login]", ADMIN[0])
    page.fill("input[name=password]", ADMIN[1])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(base_url + "/admin/settings/civic/civicsettings/")
    page.locator("select[name=required_level_create_group]").select_option("verified")
    page.locator("form button[type=submit]:has-text('Enregistrer')").first.click()
    expect(page.locator("body")).to_contain_text("mis à jour")
    context.close()


def test_journey_5_a_newcomer_signs_up_with_franceconnect_is_certified_refused_and_logs_out(
    browser, page, live_portal, base_url, screenshot, assert_accessible
):
    require_verified_profiles_to_create_groups(browser, base_url)
    live_portal.oidc.will_sign_in(
        sub="fc-parcours-5",
        given_name="Maëlle",
        family_name="Le Goff",
        email="maelle.legoff@exemple.fr",
    )

    # Sign up with FranceConnect's button.
    page.goto(base_url + "/compte/login/")
    expect(page.get_by_role("link", name="Qu’est-ce que FranceConnect ?")).to_be_visible()
    page.get_by_role("button", name="S’identifier avec FranceConnect").click()
    page.wait_for_url(re.compile(r".*/franceconnect/inscription/$"))
    expect(page.locator("main")).to_contain_text("Maëlle Le Goff")
    assert_accessible(page)
    page.locator("input[name=home_commune]").fill("Creil")
    page.locator("input[name=accept_charter]").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r".*/mon-compte/$"))
    expect(page.locator("main")).to_contain_text("Identité certifiée FranceConnect")

    # Post in a group: the post carries the certified badge.
    page.goto(base_url + "/groupes/")
    page.locator(
        "main a[href^='/groupes/']:not([href$='/nouveau/']):not([href*='?'])"
    ).first.click()
    page.get_by_role("button", name="Rejoindre le groupe").click()
    page.locator("main a[href^='/discussions/']").first.click()
    reply = "Bonjour, je suis Maëlle, de Creil : je soutiens ce projet."
    page.get_by_label("Votre réponse").fill(reply)
    page.get_by_role("button", name="Publier ma réponse").click()
    page.wait_for_load_state()
    post = page.locator("article", has_text=reply).last
    badge = post.locator("a.badge--certified")
    expect(badge).to_contain_text("Identité certifiée FranceConnect")
    assert "viennent de FranceConnect" in badge.get_attribute("title")

    # Creating a group is reserved to verified profiles: refused, and told why and how.
    page.goto(base_url + "/groupes/")
    page.get_by_role("link", name="Créer un groupe").click()
    main = page.locator("main")
    expect(main).to_contain_text("Niveau de confiance insuffisant")
    expect(main).to_contain_text("Association ou élu·e vérifié·e par l'équipe")
    expect(main).to_contain_text("Votre niveau actuel : « Identité certifiée FranceConnect »")
    expect(main).to_contain_text("Demandez un profil vérifié")
    assert_accessible(page)
    page.get_by_role("link", name="Les niveaux de confiance expliqués").click()
    expect(page.locator("h1")).to_contain_text("Les niveaux de confiance")

    # Log out through the provider, and come back signed out of both.
    page.locator("header").get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Oui, me déconnecter").click()
    page.wait_for_url(base_url + "/")
    expect(page.locator(".messages")).to_contain_text(
        "Vous êtes déconnecté·e du portail et de FranceConnect."
    )
    expect(page.locator("header")).to_contain_text("Se connecter")
    screenshot(page, "parcours-5-franceconnect")
