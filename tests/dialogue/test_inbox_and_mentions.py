"""In-site notifications (the bell, the page, read on opening), @mentions that tell only those who
may read the post, and email that stays one daily digest however busy the day."""

import re

import pytest
from dialogue_helpers import fresh
from django.core import mail
from django.urls import reverse
from factories import make_member, page_text

from civic.dialogue.models.groups import Membership
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import discussions, mentions, notifications


def words(response):
    """The page's text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory, settings):
    settings.CIVIC_POST_RATE = ""
    return portal_territory


def test_the_bell_shows_the_unread_count_and_opening_a_notification_marks_it_read(
    client, people, group, discussion, run_tasks
):
    run_tasks()
    anne = people["animator"]
    client.force_login(anne)
    assert "Notifications 1 non lue" in words(client.get(reverse("feed:notifications")))
    notification = Notification.objects.get(recipient=anne)
    response = client.get(reverse("feed:notification", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogue:post", args=[notification.post_id])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "non lue" not in words(client.get(reverse("feed:notifications")))


def test_all_notifications_can_be_marked_read_at_once(client, people, group, discussion, run_tasks):
    discussions.start_discussion(user=fresh(people["member"]), group=group, title="B", body="b")
    run_tasks()
    anne = people["animator"]
    assert notifications.unread_count(anne) == 2
    client.force_login(anne)
    response = client.post(reverse("feed:mark_all_read"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in page_text(response)
    assert notifications.unread_count(anne) == 0


def test_nobody_opens_someone_elses_notification(client, people, group, discussion, run_tasks):
    run_tasks()
    notification = Notification.objects.get(recipient=people["animator"])
    client.force_login(people["non_member"])
    assert client.get(reverse("feed:notification", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_notification_about_a_post_hidden_since_leaves_the_page_and_the_count(
    client, people, group, discussion, run_tasks
):
    run_tasks()
    discussion.is_hidden = True
    discussion.save()
    anne = people["animator"]
    assert notifications.unread_count(anne) == 0
    client.force_login(anne)
    assert discussion.title not in page_text(client.get(reverse("feed:notifications")))


def test_visitors_are_asked_to_sign_in_for_the_notifications_page(client, db):
    response = client.get(reverse("feed:notifications"))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_a_mention_tells_the_member_named_even_outside_the_group(
    client, people, group, discussion, run_tasks
):
    nina = people["non_member"]  # Nina Passante, not in the group, may read it (it is public)
    post = discussions.reply(
        user=fresh(people["member"]), discussion=discussion, body="Qu'en pense @Nina Passante ?"
    )
    run_tasks()
    mention = Notification.objects.get(recipient=nina)
    assert (mention.kind, mention.post, mention.delivery) == ("mention", post, "digest")
    client.force_login(nina)
    assert "Marc Membre vous a mentionné·e" in page_text(client.get(reverse("feed:notifications")))


def test_a_mentioned_participant_gets_the_mention_not_also_the_reply(
    people, group, discussion, run_tasks
):
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Oui")
    run_tasks()
    Notification.objects.all().delete()
    discussions.reply(
        user=fresh(people["elected_here"]), discussion=discussion, body="@Anne Animatrice, bien"
    )
    run_tasks()
    anne = Notification.objects.filter(recipient=people["animator"])
    assert [n.kind for n in anne] == ["mention"]


def test_a_mention_in_a_hidden_group_tells_only_those_who_may_still_read_it(
    people, group, discussion, run_tasks
):
    post = discussions.reply(
        user=fresh(people["member"]),
        discussion=discussion,
        body="@Nina Passante et @Claire Moderatrice",
    )
    group.is_hidden = True
    group.save()
    assert [u.pk for u in mentions.mentioned_readers(post)] == [people["moderator"].pk]


def test_unknown_and_ambiguous_names_are_reported_to_the_author_and_nothing_is_lost(
    client, people, group, discussion, creil, beauvais
):
    make_member(first_name="Paul", last_name="Double", commune=creil, email="p1@exemple.fr")
    make_member(first_name="Paul", last_name="Double", commune=beauvais, email="p2@exemple.fr")
    client.force_login(people["member"])
    response = client.post(
        reverse("dialogue:reply", args=[discussion.pk]),
        {"body": "Merci @Personne Inconnue et @Paul Double !"},
        follow=True,
    )
    text = page_text(response)
    assert "Aucun membre ne s'appelle « Personne Inconnue »" in text
    assert "Plusieurs membres s'appellent « Paul Double »" in text
    assert discussion.posts.filter(body__contains="@Paul Double").exists()


def test_a_commune_in_brackets_tells_two_namesakes_apart(people, creil, beauvais, db):
    make_member(first_name="Paul", last_name="Double", commune=creil, email="p1@exemple.fr")
    other = make_member(
        first_name="Paul", last_name="Double", commune=beauvais, email="p2@exemple.fr"
    )
    found = mentions.resolve("Bonjour @Paul Double (Beauvais), et @paul double")
    assert found.users == [other]
    assert found.ambiguous == ["paul double"]


def test_mention_suggestions_match_the_start_of_a_name_and_skip_hidden_profiles(client, people):
    client.force_login(people["member"])
    url = reverse("feed:mention_suggestions")
    names = [r["name"] for r in client.get(url, {"q": "nina"}).json()["results"]]
    assert names == ["Nina Passante"]
    nina = people["non_member"].profile
    nina.hide_from_directory = True
    nina.save()
    assert client.get(url, {"q": "nina"}).json()["results"] == []
    assert client.get(url, {"q": "\x00"}).status_code == 200


def test_two_hundred_notifications_in_a_day_make_one_digest_email(
    people, group, discussion, run_tasks
):
    marc = people["member"]
    for n in range(100):
        discussions.reply(user=fresh(people["animator"]), discussion=discussion, body=f"R{n}")
        discussions.reply(
            user=fresh(people["elected_here"]), discussion=discussion, body=f"@Marc Membre {n}"
        )
    run_tasks()
    assert Notification.objects.filter(recipient=marc).count() == 200
    mail.outbox.clear()
    assert notifications.deliver_digest(marc.pk)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count(f"-- {discussion.title} --") == 1  # grouped by thread
    assert "Vous êtes mentionné·e" in body
    assert notifications.deliver_digest(marc.pk)
    assert len(mail.outbox) == 1


def test_a_member_who_wants_no_email_from_a_group_still_sees_a_mention_on_the_site(
    people, group, discussion, run_tasks
):
    Membership.objects.filter(group=group, user=people["animator"]).update(notify="never")
    discussions.reply(user=fresh(people["member"]), discussion=discussion, body="@Anne Animatrice")
    run_tasks()
    mention = Notification.objects.get(recipient=people["animator"])
    assert mention.delivery == "in_site"
    assert notifications.unread_count(people["animator"]) == 1
    mail.outbox.clear()
    notifications.deliver_digest(people["animator"].pk)
    assert mail.outbox == []


def test_a_mention_added_by_an_edit_tells_the_member_once(people, group, discussion, run_tasks):
    post = discussions.reply(user=fresh(people["member"]), discussion=discussion, body="Bonjour")
    run_tasks()
    nina = people["non_member"]
    assert not Notification.objects.filter(recipient=nina).exists()
    discussions.edit_post(user=fresh(people["member"]), post=post, body="Bonjour @Nina Passante")
    run_tasks()
    discussions.edit_post(user=fresh(people["member"]), post=post, body="Salut @Nina Passante")
    run_tasks()
    assert [n.kind for n in Notification.objects.filter(recipient=nina)] == ["mention"]


def test_an_announcement_run_twice_tells_the_mentioned_member_once(
    people, group, discussion, run_tasks
):
    post = discussions.reply(
        user=fresh(people["member"]), discussion=discussion, body="@Nina Passante ?"
    )
    run_tasks()
    assert notifications.write_announcements(post.pk) == 0
    assert Notification.objects.filter(recipient=people["non_member"]).count() == 1
