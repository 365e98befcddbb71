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
