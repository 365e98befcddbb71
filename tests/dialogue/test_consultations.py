"""Consultations: a question to citizens, a closing date, an official answer at the top."""

from datetime import timedelta

import pytest
from dialogue_helpers import fresh
from django.utils import timezone
from factories import page_text

from civic.dialogue.models.discussions import Consultation, OfficialAnswer
from civic.dialogue.services import discussions


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_the_mayor_opens_a_consultation_members_answer_then_the_official_answer_tops_it(
    client, people, group
):
    client.force_login(people["elected_here"])
    closes = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/groupes/{group.slug}/nouvelle-consultation/",
        {
            "title": "Quel itinéraire pour la future piste ?",
            "question": "Rue Jean-Jaurès ou bords de l'Oise ?",
            "closes_at": closes,
        },
    )
    consultation = Consultation.objects.get()
    assert (
        response["Location"] == f"/discussions/{consultation.discussion_id}/questionnaire/modifier/"
    )
    assert consultation.is_open

    client.force_login(people["member"])
    client.post(
        f"/discussions/{consultation.discussion_id}/repondre/", {"body": "Les bords de l'Oise !"}
    )
    client.force_login(people["elected_here"])
    client.post(f"/discussions/{consultation.discussion_id}/clore/", {"confirm": "1"})
    consultation.refresh_from_db()
    assert not consultation.is_open

    client.force_login(people["member"])
    page = page_text(client.get(f"/discussions/{consultation.discussion_id}/"))
    assert "Consultation close" in page and "Publier ma réponse" not in page

    client.force_login(people["elected_here"])
    client.post(
        f"/discussions/{consultation.discussion_id}/reponse-officielle/",
        {"body": "Merci pour vos 1 réponses : ce seront les **bords de l'Oise**."},
    )
    answer = OfficialAnswer.objects.get()
    assert answer.author_label == "Jean Maire — Maire de Creil"
    html = page_text(client.get(f"/discussions/{consultation.discussion_id}/"))
    assert html.index("Réponse officielle") < html.index("Les bords de l'Oise !")
    assert "Jean Maire — Maire de Creil" in html
    assert "<strong>bords de l'Oise</strong>" in html

    response = client.post(
        f"/discussions/{consultation.discussion_id}/reponse-officielle/", {"body": "Bis"}
    )
    assert OfficialAnswer.objects.count() == 1
    assert response.status_code == 302


def test_no_official_answer_while_the_consultation_is_open(client, people, group):
    consultation = discussions.open_consultation(
        user=fresh(people["communication"]), group=group, title="Avis", question="?"
    )
    client.force_login(people["communication"])
    client.post(f"/discussions/{consultation.discussion_id}/reponse-officielle/", {"body": "Non"})
    assert not OfficialAnswer.objects.exists()


def test_a_closing_date_in_the_past_is_refused(client, people, group):
    client.force_login(people["communication"])
    response = client.post(
        f"/groupes/{group.slug}/nouvelle-consultation/",
        {"title": "Trop tard", "question": "?", "closes_at": "2020-01-01T10:00"},
    )
    assert "La date de clôture doit être dans le futur." in page_text(response)
    assert not Consultation.objects.exists()


def test_a_consultation_closes_by_itself_at_its_date(people, group):
    consultation = discussions.open_consultation(
        user=fresh(people["communication"]),
        group=group,
        title="Avis",
        question="?",
        closes_at=timezone.now() + timedelta(hours=1),
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    consultation.refresh_from_db()
    assert not consultation.is_open


def test_the_consultations_page_lists_open_ones_first(client, people, group):
    council = fresh(people["communication"])
    closed = discussions.open_consultation(user=council, group=group, title="Close", question="?")
    discussions.close_consultation(user=council, consultation=closed)
    later = discussions.open_consultation(
        user=council,
        group=group,
        title="Ouverte longtemps",
        question="?",
        closes_at=timezone.now() + timedelta(days=30),
    )
    soon = discussions.open_consultation(
        user=council,
        group=group,
        title="Ouverte bientôt close",
        question="?",
        closes_at=timezone.now() + timedelta(days=2),
    )
    no_date = discussions.open_consultation(
        user=council, group=group, title="Sans date", question="?"
    )
    listed = [c.pk for c in client.get("/consultations/").context["consultations"]]
    assert listed == [soon.pk, later.pk, no_date.pk, closed.pk]
    page = page_text(client.get("/consultations/"))
    assert "Vélo à Creil" in page and "réponse officielle à venir" in page
