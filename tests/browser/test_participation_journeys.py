"""Participation in a real browser: a proposal goes from a citizen to the council and its
decision; a petition reaches its threshold and produces its formal request. axe checks every
new page on the way."""

import re

from browser.test_journeys import create_member, log_in
from playwright.sync_api import expect


def verified_mayor(live_portal, *, first_name, last_name, commune):
    email = create_member(live_portal, first_name=first_name, last_name=last_name, commune=commune)
    live_portal.python(
        "from django.contrib.auth.models import User\n"
        "from civic.people.models import Profile\n"
        "from civic.territories.models import Territory\n"
        f"user = User.objects.get(email={email!r})\n"
        f"commune = Territory.objects.communes().get(name={commune!r})\n"
        "Profile.objects.filter(user=user).update(kind='elected', status='verified', "
        "office='maire', mandate_territory=commune)\n"
    )
    return email


def in_context(browser, base_url, email):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, base_url, email)
    return context, page


def test_journey_5_a_proposal_is_supported_reaches_the_council_and_is_followed_up(
    browser, live_portal, base_url, screenshot, assert_accessible
):
    staff = create_member(
        live_portal,
        first_name="Lea",
        last_name="Conseil",
        commune="Beauvais",
        groups=["Communication"],
    )
    author = create_member(
        live_portal, first_name="Alice", last_name="Proposante", commune="Compiègne"
    )
    supporters = [
        create_member(live_portal, first_name=name, last_name="Compiegnois", commune="Compiègne")
        for name in ("Paul", "Rose", "Yann")
    ]
    outsider = create_member(
        live_portal, first_name="Nina", last_name="Ailleurs", commune="Beauvais"
    )
    mayor = verified_mayor(
        live_portal, first_name="Jean", last_name="Compiegne", commune="Compiègne"
    )
    title = "Des arceaux à vélos devant la gare de Compiègne"

    # Staff set Compiègne's threshold: three supports.
    context, page = in_context(browser, base_url, staff)
    page.goto(base_url + "/propositions/seuils/")
    page.locator("select[name=territory]").select_option(label="Compiègne — Commune")
    page.locator("input[name=supports]").fill("3")
    page.get_by_role("button", name="Enregistrer le seuil").click()
    expect(page.locator("main")).to_contain_text("Compiègne")
    assert_accessible(page)
    context.close()

    # A citizen proposes.
    context, page = in_context(browser, base_url, author)
    page.goto(base_url + "/participer/")
    assert_accessible(page)
    page.get_by_role("link", name="Faire une proposition").first.click()
    page.locator("main form button[type=submit]").click()  # empty: told what is missing
    expect(page.locator(".form-errors")).to_contain_text("Le formulaire contient")
    assert_accessible(page)
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=body]").fill("Les vélos s'accrochent aux grilles faute de place.")
    page.locator("select[name=territory]").select_option(label="Compiègne — Commune")
    page.locator("input[name=place]").fill("Parvis de la gare")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(title)
    proposal_url = page.url
    expect(page.locator("main")).to_contain_text("0 soutien sur 3 nécessaires")
    assert_accessible(page)
    context.close()

    # Someone from elsewhere is told why they cannot support.
    context, page = in_context(browser, base_url, outsider)
    page.goto(proposal_url)
    expect(page.locator("main")).to_contain_text("Seules les personnes qui habitent Compiègne")
    context.close()

    # Three residents support; the third sends it to the council.
    for supporter in supporters:
        context, page = in_context(browser, base_url, supporter)
        page.goto(proposal_url)
        page.get_by_role("button", name="Soutenir cette proposition").click()
        expect(page.locator(".messages")).to_contain_text("votre soutien est compté")
        context.close()
    page = browser.new_page()
    page.goto(proposal_url)
    expect(page.locator("main")).to_contain_text("la proposition est transmise au conseil")
    expect(page.locator("table")).to_contain_text("Compiègne")
    for name in ("Paul", "Rose", "Yann"):
        expect(page.locator("main")).not_to_contain_text(f"{name} Compiegnois")
    page.close()

    # Staff take it up from the council's queue.
    context, page = in_context(browser, base_url, staff)
    page.goto(base_url + "/admin/propositions-au-conseil/")
    expect(page.locator("body")).to_contain_text(re.compile(r"Propositions au conseil \(\d+\)"))
    page.locator("tr", has_text=title).get_by_role("link", name="Examiner").click()
    page.get_by_label("Mettre à l'étude").check()
    page.locator("textarea[name=reason]").fill("Direction des mobilités")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    context.close()

    # The mayor updates its status twice.
    context, page = in_context(browser, base_url, mayor)
    page.goto(proposal_url)
    page.locator("select[name=suivi-status]").select_option(label="Retenue")
    page.locator("textarea[name=suivi-text]").fill("Vingt arceaux seront posés au printemps.")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Le suivi est publié")
    page.locator("select[name=suivi-status]").select_option(label="Réalisée")
    page.locator("textarea[name=suivi-text]").fill("Les arceaux sont posés.")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Le suivi est publié")
    context.close()

    page = browser.new_page()
    page.goto(proposal_url)
    history = page.locator("section", has=page.get_by_role("heading", name="Suivi"))
    expect(history).to_contain_text("À l'étude")
    expect(history).to_contain_text("Direction des mobilités")
    expect(history).to_contain_text("Vingt arceaux seront posés au printemps.")
    expect(history).to_contain_text("Réalisée")
    page.goto(base_url + "/propositions/?status=done")
    expect(page.locator("main")).to_contain_text(title)
    assert_accessible(page)
    screenshot(page, "parcours-5-proposition")
    page.close()


def test_journey_6_a_petition_reaches_its_threshold_and_produces_its_formal_request(
    browser, live_portal, base_url, screenshot, assert_accessible
):
    staff = create_member(
        live_portal,
        first_name="Marc",
        last_name="Services",
        commune="Beauvais",
        groups=["Communication"],
    )
    signers = [
        create_member(live_portal, first_name=name, last_name="Noyonnais", commune="Noyon")
        for name in ("Hugo", "Lina")
    ]

    # Staff enter Noyon's registered voters (20): the threshold is one tenth, 2 signatures.
    context, page = in_context(browser, base_url, staff)
    page.goto(base_url + "/petitions/electeurs-inscrits/")
    page.locator("select[name=territory]").select_option(label="Noyon — Commune")
    page.locator("input[name=registered_voters]").fill("20")
    page.locator("input[name=roll_date]").fill("2026-03-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("électeurs inscrits est enregistré")
    assert_accessible(page)
    context.close()

    # A voter opens the petition.
    context, page = in_context(browser, base_url, signers[0])
    page.goto(base_url + "/petitions/nouvelle/")
    assert_accessible(page)
    page.locator("select[name=collectivity]").select_option(label="Noyon — Commune")
    page.get_by_label("Organiser une consultation des électeurs").check()
    page.locator("input[name=title]").fill("Consulter les Noyonnais sur la halle")
    page.locator("textarea[name=body]").fill("Nous demandons une consultation sur la halle.")
    page.get_by_role("button", name="Ouvrir la pétition").click()
    expect(page.locator("main")).to_contain_text("0 signatures sur 2 nécessaires")
    petition_url = page.url
    assert_accessible(page)
    context.close()

    for number, signer in enumerate(signers):
        context, page = in_context(browser, base_url, signer)
        page.goto(petition_url)
        page.locator("input[name=last_name]").fill("Signataire")
        page.locator("input[name=first_names]").fill(["Hugo", "Lina"][number])
        page.locator("input[name=birth_date]").fill(f"198{number}-06-0{number + 1}")
        page.locator("select[name=commune]").select_option(label="Noyon — Commune")
        page.get_by_role("checkbox").check()
        page.get_by_role("button", name="Signer la pétition").click()
        expect(page.locator(".messages")).to_contain_text("Votre signature est enregistrée")
        context.close()

    page = browser.new_page()
    page.goto(petition_url)
    expect(page.locator("main")).to_contain_text("Demande adressée")
    expect(page.locator("main")).not_to_contain_text("Signataire")
    link = page.get_by_role("link", name="Lire la demande (PDF)")
    response = page.request.get(base_url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert_accessible(page)
    page.goto(base_url + "/petitions/")
    assert_accessible(page)
    screenshot(page, "parcours-6-petition")
    page.close()
