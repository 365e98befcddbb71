"""A consultation's poll in a real browser: a resident answers, changes the answer, staff close
the consultation after confirming, then undo the closing; axe checks every new page on the way."""

import json

from playwright.sync_api import expect
from test_journeys import create_member, log_in

SETUP = """
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.services import discussions, polls
from civic.dialogue.services.polls import QuestionSpec
from civic.people.models import Profile
from civic.territories.models import Territory
from django.contrib.auth.models import User
import json

group = CivicGroup.objects.filter(is_hidden=False).order_by("pk").first()
commune = Territory.objects.within(group.territory).communes().order_by("-population").first()
staff = User.objects.get(email="lea.consulte@exemple.fr")
consultation = discussions.open_consultation(
    user=staff, group=group, title="Le devenir de la place", question="Votre avis compte.",
    audience="territory",
)
polls.set_poll(
    user=staff, consultation=consultation, audience="territory", live_results=True,
    questions=[
        QuestionSpec(text="Quel usage pour la place ?", kind="single",
                     choices=["Un marché", "Un jardin", "Un parking"]),
        QuestionSpec(text="Quels équipements ?", kind="multiple", max_choices=2, required=False,
                     choices=["Bancs", "Fontaine", "Éclairage"]),
        QuestionSpec(text="Classez vos priorités", kind="ranking",
                     choices=["Sécurité", "Verdure", "Commerces"]),
        QuestionSpec(text="Une remarque ?", kind="free", required=False),
    ],
)
print(json.dumps({"discussion": consultation.discussion_id, "commune": commune.name}))
"""


def _commune_of_first_group(live_portal):
    output = live_portal.python(
        "from civic.dialogue.models.groups import CivicGroup\n"
        "from civic.territories.models import Territory\n"
        "group = CivicGroup.objects.filter(is_hidden=False).order_by('pk').first()\n"
        "print(Territory.objects.within(group.territory).communes()"
        ".order_by('-population').first().name)\n"
    )
    return output.strip().splitlines()[-1]


def test_journey_a_resident_answers_a_poll_changes_it_and_staff_close_then_undo(
    page, live_portal, base_url, assert_accessible, screenshot
):
    commune = _commune_of_first_group(live_portal)
    create_member(
        live_portal,
        first_name="Lea",
        last_name="Consulte",
        commune=commune,
        groups=["Communication"],
    )
    resident = create_member(live_portal, first_name="Rene", last_name="Riverain", commune=commune)
    poll = json.loads(live_portal.python(SETUP).strip().splitlines()[-1])
    url = f"{base_url}/discussions/{poll['discussion']}/"

    log_in(page, base_url, resident)
    page.goto(url)
    assert_accessible(page)
    page.get_by_label("Un jardin").check()
    page.get_by_label("Bancs").check()
    page.get_by_label("Sécurité").select_option("1")
    page.get_by_label("Verdure").select_option("2")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator("main")).to_contain_text("Merci, votre réponse est enregistrée")
    expect(page.get_by_label("Un jardin")).to_be_checked()

    # Too many ticks: refused in French, the choices kept, the page still accessible.
    page.get_by_label("Fontaine").check()
    page.get_by_label("Éclairage").check()
    page.get_by_role("button", name="Modifier ma réponse").click()
    expect(page.locator("main")).to_contain_text("Vous avez coché 3 réponses : 2 au plus.")
    expect(page.get_by_label("Éclairage")).to_be_checked()
    assert_accessible(page)

    page.goto(url)
    page.get_by_label("Un marché").check()
    page.get_by_role("button", name="Modifier ma réponse").click()
    expect(page.locator("main")).to_contain_text("Votre réponse est modifiée.")
    expect(page.get_by_label("Un marché")).to_be_checked()

    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.locator("main table").first).to_contain_text("Un marché")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, base_url, "lea.consulte@exemple.fr")
    page.goto(url)
    assert_accessible(page)
    page.get_by_role("link", name="Clore la consultation").click()
    expect(page.locator("main h1")).to_contain_text("Clore « Le devenir de la place » ?")
    assert_accessible(page)
    page.get_by_role("button", name="Oui, clore la consultation").click()
    expect(page.locator("main")).to_contain_text("La consultation est close.")
    page.get_by_role("button", name="Annuler la clôture").click()
    expect(page.locator("main")).to_contain_text("la consultation est de nouveau ouverte")
    expect(page.get_by_role("link", name="Clore la consultation")).to_be_visible()

    page.get_by_role("link", name="Modifier le questionnaire").click()
    expect(page.locator("main")).to_contain_text("les questions ne peuvent plus changer")
    assert_accessible(page)
    screenshot(page, "parcours-questionnaire")


ANSWERED = """
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.services import answers, discussions
from django.contrib.auth.models import User

group = CivicGroup.objects.filter(is_hidden=False).order_by("pk").first()
staff = User.objects.get(email="lea.reponse@exemple.fr")
consultation = discussions.open_consultation(
    user=staff, group=group, title="Les horaires de la médiathèque", question="Quand ?"
)
discussions.close_consultation(user=staff, consultation=consultation)
answer = discussions.publish_official_answer(
    user=staff, consultation=consultation, body="Ouverture le dimanche matin."
)
answers.follow_up(user=staff, answer=answer, status="under_study", text="Service culture saisi.")
print(consultation.discussion_id)
"""


def test_staff_correct_and_follow_up_an_official_answer_on_accessible_pages(
    page, live_portal, base_url, assert_accessible, screenshot
):
    commune = _commune_of_first_group(live_portal)
    staff = create_member(
        live_portal,
        first_name="Lea",
        last_name="Reponse",
        commune=commune,
        groups=["Communication"],
    )
    discussion = int(live_portal.python(ANSWERED).strip().splitlines()[-1])
    url = f"{base_url}/discussions/{discussion}/"
    log_in(page, base_url, staff)

    page.goto(url)
    page.get_by_role("link", name="Corriger la réponse").click()
    assert_accessible(page)
    page.get_by_label("Texte corrigé de la réponse officielle").fill("Ouverture le dimanche.")
    page.get_by_role("button", name="Publier la correction").click()
    expect(page.locator("main")).to_contain_text("modifié le")

    page.get_by_role("link", name="Ajouter un suivi").click()
    page.get_by_label("Refusée").check()
    page.get_by_role("button", name="Publier le suivi").click()
    expect(page.locator("main")).to_contain_text("Un refus se motive")
    assert_accessible(page)
    page.get_by_label("Précisions").fill("Le budget ne le permet pas cette année.")
    page.get_by_role("button", name="Publier le suivi").click()
    expect(page.locator("main")).to_contain_text("Le suivi est publié.")

    page.context.clear_cookies()
    page.goto(url)
    page.get_by_text("Historique : 1 version précédente").click()
    expect(page.locator("main")).to_contain_text("Ouverture le dimanche matin.")
    expect(page.locator("main")).to_contain_text("Service culture saisi.")
    assert_accessible(page)
    screenshot(page, "parcours-reponse-officielle-suivie")
