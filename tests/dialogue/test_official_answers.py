"""Official answers that are followed up: corrected with their history shown, a status and dated
updates, and the people who follow the subject told through the notification queue."""

import pytest
from dialogue_helpers import fresh
from django.core import mail
from factories import make_member, page_text
from poll_helpers import answers, open_poll

from civic.dialogue.models.answers import AnswerRevision, AnswerStatus
from civic.dialogue.models.discussions import OfficialAnswer
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import answers as answer_services
from civic.dialogue.services import discussions, notifications, polls


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def answered(people, group):
    consultation = discussions.open_consultation(
        user=fresh(people["elected_here"]), group=group, title="Le marché", question="Où ?"
    )
    discussions.reply(user=fresh(people["member"]), discussion=consultation.discussion, body="Ici")
    discussions.close_consultation(user=fresh(people["elected_here"]), consultation=consultation)
    return discussions.publish_official_answer(
        user=fresh(people["elected_here"]), consultation=consultation, body="Place Carnot."
    )


def test_a_corrected_answer_says_modified_and_keeps_its_former_text_in_its_history(
    client, people, answered
):
    url = f"/discussions/{answered.consultation.discussion_id}/"
    client.force_login(people["communication"])
    response = client.post(url + "reponse-officielle/corriger/", {"body": "Place **Gambetta**."})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.edited_at is not None
    assert AnswerRevision.objects.get().body == "Place Carnot."
    client.logout()
    page = page_text(client.get(url))
    assert "modifié le" in page
    assert "<strong>Gambetta</strong>" in page
    assert "Historique : 1 version précédente" in page and "Place Carnot." in page


def test_a_refusal_needs_its_reason_and_each_step_is_dated_under_the_answer(
    client, people, answered
):
    url = f"/discussions/{answered.consultation.discussion_id}/reponse-officielle/suivi/"
    client.force_login(people["elected_here"])
    response = client.post(url, {"status": "rejected", "text": ""})
    assert "Un refus se motive" in page_text(response)
    client.post(url, {"status": "under_study", "text": "Service voirie saisi."})
    client.post(url, {"status": "rejected", "text": "Le budget 2027 ne le permet pas."})
    answered.refresh_from_db()
    assert answered.status == AnswerStatus.REJECTED
    assert answered.status_reason == "Le budget 2027 ne le permet pas."
    client.logout()
    page = page_text(client.get(f"/discussions/{answered.consultation.discussion_id}/"))
    follow_up = page[page.index('class="answer-follow-up"') :]
    assert follow_up.index("À l'étude") < follow_up.index("Service voirie saisi.")
    assert follow_up.index("Service voirie saisi.") < follow_up.index("Le budget 2027")
    flat = " ".join(page.split())
    assert 'badge--status-rejected">Refusée</span> — Le budget 2027 ne le permet pas.' in flat


def test_a_citizen_cannot_correct_or_follow_up_an_answer(client, people, answered):
    url = f"/discussions/{answered.consultation.discussion_id}/reponse-officielle/"
    client.force_login(people["member"])
    assert client.post(url + "corriger/", {"body": "Piraté"}).status_code == 403
    assert client.post(url + "suivi/", {"status": "done"}).status_code == 403
    answered.refresh_from_db()
    assert answered.body == "Place Carnot." and answered.status == AnswerStatus.SUBMITTED


def test_members_participants_and_voters_are_told_of_the_answer_and_of_each_update(
    people, group, creil, run_tasks
):
    consultation = open_poll(people, group)
    voter = make_member(first_name="Victor", last_name="Votant", commune=creil)
    polls.answer_poll(
        user=voter,
        consultation=consultation,
        answers=answers(consultation, single="Bords de l'Oise", ranking=["Vitesse"]),
    )
    staff = fresh(people["communication"])
    discussions.close_consultation(user=staff, consultation=consultation)
    run_tasks()
    Notification.objects.all().delete()
    answer = discussions.publish_official_answer(
        user=staff, consultation=consultation, body="Ce seront les bords de l'Oise."
    )
    answer_services.follow_up(user=staff, answer=answer, status="accepted", text="Vote au conseil")
    run_tasks()
    told = Notification.objects.filter(kind=Notification.Kind.OFFICIAL_ANSWER)
    recipients = set(told.values_list("recipient_id", flat=True))
    assert voter.pk in recipients and people["member"].pk in recipients
    assert staff.pk not in recipients
    update = Notification.objects.get(kind=Notification.Kind.ANSWER_UPDATE, recipient=voter)
    assert update.delivery == Notification.Delivery.DIGEST
    assert update.summary == "Acceptée. Vote au conseil"

    mail.outbox.clear()
    notifications.deliver_digest(voter.pk)
    body = mail.outbox[0].body
    assert "Réponse officielle : La future piste cyclable" in body
    assert "Suivi d'une réponse officielle : La future piste cyclable" in body
    assert f"/discussions/{consultation.discussion_id}/" in body


def test_an_official_answer_to_a_plain_discussion_is_published_once_then_corrected(
    client, people, discussion
):
    url = f"/discussions/{discussion.pk}/reponse-officielle/"
    client.force_login(people["member"])
    assert "Publier une réponse officielle" not in page_text(
        client.get(f"/discussions/{discussion.pk}/")
    )
    client.force_login(people["elected_here"])
    client.post(url, {"body": "Nous étudions la piste."})
    answer = OfficialAnswer.objects.get(discussion=discussion)
    assert answer.author_label == "Jean Maire — Maire de Creil"
    response = client.post(url, {"body": "Bis"}, follow=True)
    assert "déjà sa réponse officielle" in page_text(response)
    assert OfficialAnswer.objects.count() == 1
