"""Emails: a daily digest by default, immediate or never on request, sent by the background
worker, retried on failure, with a one-click unsubscribe link for the group."""

from io import StringIO
from unittest import mock

import pytest
from dialogue_helpers import fresh
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from civic.dialogue.models.groups import Membership
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import discussions, notifications
from civic.moderation import services as moderation


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def set_notify(group, user, notify):
    Membership.objects.filter(group=group, user=user).update(notify=notify)


def test_a_new_discussion_queues_its_announcement_in_the_same_transaction(people, group):
    discussion = discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Atelier réparation", body="Samedi"
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "civic.dialogue.services.notifications.announce_post"
    assert queued.args_kwargs["args"] == [discussion.posts.get().pk]
    assert not Notification.objects.exists()  # the author's request tells nobody itself


def test_the_worker_writes_one_notification_per_member_of_a_new_discussion(
    people, group, run_tasks
):
    discussion = discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Atelier réparation", body="Samedi"
    )
    run_tasks()
    rows = Notification.objects.filter(discussion=discussion)
    # Anne (animator) and Jean (member) — not Marc the author, not Sam who is suspended.
    assert {n.recipient for n in rows} == {people["animator"], people["elected_here"]}
    assert {n.delivery for n in rows} == {"digest"}  # the default
    assert all(n.sent_at is None for n in rows)


def test_a_reply_notifies_those_who_took_part(people, group, discussion, run_tasks):
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Oui")
    run_tasks()
    Notification.objects.all().delete()
    discussions.reply(user=fresh(people["elected_here"]), discussion=discussion, body="Bien vu")
    run_tasks()
    recipients = {n.recipient for n in Notification.objects.filter(kind="reply")}
    assert recipients == {people["member"], people["animator"]}


def test_a_post_hidden_before_the_worker_runs_is_announced_to_nobody(
    people, group, discussion, run_tasks
):
    post = discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Pub")
    moderation.hide_post(user=fresh(people["moderator"]), post=post, reason="publicité")
    run_tasks()
    assert not Notification.objects.filter(post=post, kind="reply").exists()


def test_an_announcement_run_twice_writes_its_notifications_once(
    people, group, discussion, run_tasks
):
    post = discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Oui")
    run_tasks()
    written = Notification.objects.filter(post=post).count()
    assert written == 1  # Marc, who opened the discussion
    assert notifications.write_announcements(post.pk) == 0
    assert Notification.objects.filter(post=post).count() == written


def test_never_means_no_email(people, group, discussion, run_tasks):
    set_notify(group, people["member"], "never")
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Oui")
    run_tasks()
    assert not Notification.objects.filter(recipient=people["member"]).exists()


def test_immediate_emails_go_through_the_database_task_backend(
    people, group, mailoutbox, run_tasks
):
    set_notify(group, people["animator"], "immediate")
    discussion = discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Balade à vélo", body="Dimanche 10 h"
    )
    assert mailoutbox == []  # nothing is sent inside the request
    run_tasks()
    sent = DBTaskResult.objects.filter(
        task_path="civic.dialogue.services.notifications.send_notification"
    ).get()
    assert sent.status == "SUCCESSFUL"
    [email] = mailoutbox
    assert email.to == [people["animator"].email]
    assert "Balade à vélo" in email.subject
    assert "Dimanche 10 h" in email.body
    assert f"/messages/{discussion.posts.get().pk}/" in email.body  # leads to the post
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/groupes/desabonnement/" in unsubscribe
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=people["animator"]).sent_at is not None


def test_a_failed_send_is_retried_later_and_the_notification_is_kept(
    people, group, mailoutbox, run_tasks
):
    set_notify(group, people["animator"], "immediate")
    discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Réunion", body="Mardi"
    )
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("SMTP down")
    ):
        run_tasks()
    notification = Notification.objects.get(recipient=people["animator"])
    assert notification.sent_at is None
    assert notification.attempts == 1 and "SMTP down" in notification.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now()  # deferred, not lost
    assert run_tasks() == 0  # not before its time
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert len(mailoutbox) == 1


def test_the_daily_digest_gathers_a_day_of_news_in_one_email(people, group, mailoutbox, run_tasks):
    member = fresh(people["member"])
    discussions.start_discussion(user=member, group=group, title="Sujet A", body="a")
    discussions.start_discussion(user=member, group=group, title="Sujet B", body="b")
    run_tasks()
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "2 résumé(s)" in out.getvalue()  # Anne and Jean
    run_tasks()
    to_anne = [m for m in mailoutbox if m.to == [people["animator"].email]]
    assert len(to_anne) == 1
    assert "Sujet A" in to_anne[0].body and "Sujet B" in to_anne[0].body
    assert "List-Unsubscribe" in to_anne[0].extra_headers
    assert not Notification.objects.unsent().exists()
    call_command("send_digests", "--now", stdout=StringIO())
    assert len(mailoutbox) == 2  # nothing sent twice


def test_a_failed_digest_is_sent_with_the_next_one(people, group, mailoutbox, run_tasks):
    discussions.start_discussion(user=fresh(people["member"]), group=group, title="X", body="x")
    run_tasks()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("timeout")):
        call_command("send_digests", "--now", stdout=StringIO())
    assert Notification.objects.unsent().count() == 2
    call_command("send_digests", "--now", stdout=StringIO())
    assert len(mailoutbox) == 2 and not Notification.objects.unsent().exists()


def test_news_about_content_hidden_meanwhile_is_not_sent(people, group, mailoutbox, run_tasks):
    discussion = discussions.start_discussion(
        user=fresh(people["member"]), group=group, title="Spam", body="Achetez"
    )
    run_tasks()
    moderation.hide_post(
        user=fresh(people["moderator"]), post=discussion.posts.get(), reason="publicité"
    )
    call_command("send_digests", "--now", stdout=StringIO())
    assert not [m for m in mailoutbox if "Achetez" in m.body]
    assert not Notification.objects.filter(kind="new_discussion").unsent().exists()


def test_one_click_unsubscribe_asks_on_get_and_unsubscribes_on_post(client, people, group):
    token = notifications.unsubscribe_token(people["member"], [group])
    url = f"/groupes/desabonnement/{token}/"
    page = client.get(url).content.decode()
    assert "Me désabonner" in page and "Vélo à Creil" in page
    assert Membership.objects.get(group=group, user=people["member"]).notify == "digest"
    client.post(url)
    assert Membership.objects.get(group=group, user=people["member"]).notify == "never"


def test_mail_clients_one_click_post_needs_no_csrf_token(people, group):
    token = notifications.unsubscribe_token(people["member"], [group])
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/groupes/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Membership.objects.get(group=group, user=people["member"]).notify == "never"


def test_a_forged_unsubscribe_link_is_refused(client, people, group):
    token = notifications.unsubscribe_token(people["member"], [group])
    response = client.post(f"/groupes/desabonnement/{token[:-2]}xx/")
    assert response.status_code == 400
    assert Membership.objects.get(group=group, user=people["member"]).notify == "digest"
