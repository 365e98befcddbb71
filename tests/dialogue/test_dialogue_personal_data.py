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
