"""Posting is rate-limited per account; new accounts' first posts may wait for approval."""

import pytest
from dialogue_helpers import fresh
from factories import page_text

from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import discussions


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_a_burst_of_posts_is_refused_with_a_clear_message_and_nothing_saved(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = "10/m"
    client.force_login(people["animator"])
    for n in range(10):
        client.post(f"/discussions/{discussion.pk}/repondre/", {"body": f"Message {n}"})
    response = client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Le onzième"})
    html = page_text(response)
    assert response.status_code == 200
    assert "patientez une minute" in html
    assert "Le onzième" in html  # still in the form
    assert not Post.objects.filter(body="Le onzième").exists()
    assert Post.objects.filter(author=people["animator"]).count() == 10


def test_the_limit_is_per_account(client, people, discussion, settings):
    settings.CIVIC_POST_RATE = "2/m"
    for _ in range(2):
        discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="a")
    discussions.reply(user=fresh(people["elected_here"]), discussion=discussion, body="b")


def test_new_accounts_first_posts_wait_for_approval_invisible_to_others(
    client, people, group, settings, mailoutbox, run_tasks
):
    settings.CIVIC_FIRST_POSTS_NEED_APPROVAL = 1
    client.force_login(people["member"])
    response = client.post(
        f"/groupes/{group.slug}/nouvelle-discussion/",
        {"title": "Premier message", "body": "Bonjour à tous"},
        follow=True,
    )
    assert "sera visible après validation" in page_text(response)
    discussion = Discussion.objects.get(title="Premier message")
    assert not discussion.opening_approved
    run_tasks()
    assert not Notification.objects.exists()

    client.force_login(people["non_member"])
    assert client.get(f"/discussions/{discussion.pk}/").status_code == 404
    assert "Premier message" not in page_text(client.get(f"/groupes/{group.slug}/"))

    client.force_login(people["moderator"])
    assert "Bonjour à tous" in page_text(client.get("/admin/moderation/"))
    client.force_login(people["animator"])
    queue = page_text(client.get(f"/groupes/{group.slug}/animation/signalements/"))
    assert "Bonjour à tous" in queue
    post = discussion.posts.get()
    client.post(f"/messages/{post.pk}/valider/")
    client.force_login(people["non_member"])
    assert "Bonjour à tous" in page_text(client.get(f"/discussions/{discussion.pk}/"))
    run_tasks()
    assert Notification.objects.filter(kind="new_discussion").exists()

    # Once a post was approved, the next ones are published at once.
    client.force_login(people["member"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Deuxième"})
    assert Post.objects.get(body="Deuxième").state == Post.State.PUBLISHED


def test_by_default_nothing_waits(people, group):
    discussion = discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="T", body="B"
    )
    assert discussion.opening_approved
