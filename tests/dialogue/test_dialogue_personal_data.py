"""A person's dialogue data: exported with the rest, erased with the account when unanswered."""

import json

import pytest
from dialogue_helpers import fresh

from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.services import discussions
from civic.people.services import delete_account, export_personal_data_json


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_the_export_contains_groups_posts_recommendations_and_follows(people, group, discussion):
    member = fresh(people["member"])
    discussions.recommend(user=fresh(people["animator"]), post=discussion.posts.get())
    discussions.follow(user=member, other=people["elected_here"])
    data = json.loads(export_personal_data_json(user=member))
    assert data["groupes"][0]["groupe"] == "Vélo à Creil"
    assert data["messages"][0]["texte"] == "La rue est dangereuse aux heures de pointe."
    assert data["personnes_suivies"] == ["Jean Maire"]


def test_deleting_an_account_keeps_only_the_posts_others_answered(people, group, discussion):
    member = fresh(people["member"])
    answered = discussion.posts.get()
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Réponse")
    last_word = discussions.reply(user=member, discussion=discussion, body="Dernier mot")
    lonely = discussions.start_discussion(user=member, group=group, title="Seul", body="Personne")
    delete_account(user=member)
    answered.refresh_from_db()
    assert answered.author is None  # « Compte supprimé »
    assert not Post.objects.filter(pk=last_word.pk).exists()
    assert not Discussion.objects.filter(pk=lonely.pk).exists()
    discussion.refresh_from_db()
    assert discussion.reply_count == 1


def test_poll_answers_are_exported_and_deleted_with_the_account_leaving_open_counts_right(
    people, group, creil
):
    from factories import make_member
    from poll_helpers import answers, open_poll, questions_of

    from civic.dialogue.models.polls import Ballot
    from civic.dialogue.services import polls

    consultation = open_poll(people, group)
    closed = open_poll(people, group)
    voter = make_member(first_name="Véra", last_name="Votante", commune=creil)
    for poll in (consultation, closed):
        polls.answer_poll(
            user=voter,
            consultation=poll,
            answers=answers(poll, single="Bords de l'Oise", ranking=["Vitesse"], free="Vite !"),
        )
    discussions.close_consultation(user=fresh(people["communication"]), consultation=closed)

    data = json.loads(export_personal_data_json(user=voter))
    exported = data["questionnaires"][0]
    assert exported["consultation"] == "La future piste cyclable"
    assert {"question": "Une remarque ?", "reponse": "Vite !", "rang": None} in exported["reponses"]

    delete_account(user=voter)
    assert not Ballot.objects.exists()
    open_counts = questions_of(consultation)
    assert [c.votes for c in open_counts["single"].choices.all()] == [0, 0, 0]
    consultation.refresh_from_db()
    assert consultation.ballot_count == 0
    closed_counts = questions_of(closed)
    assert sum(c.votes for c in closed_counts["single"].choices.all()) == 1
