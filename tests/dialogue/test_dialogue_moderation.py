"""Accountable moderation: reports, hiding with a public reason, restoring, suspending, the log."""

import re

import pytest
from dialogue_helpers import fresh
from django.test import Client
from factories import page_text

from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import Membership
from civic.dialogue.services import discussions
from civic.moderation import services as moderation
from civic.moderation.models import ModerationDecision, Report


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def reported(client, people, discussion):
    """Nina reports Marc's opening post as an insult."""
    post = discussion.posts.get()
    client.force_login(people["non_member"])
    response = client.post(
        f"/messages/{post.pk}/signaler/", {"reason": "insult", "text": "Ton agressif."}, follow=True
    )
    assert "votre signalement est transmis" in page_text(response)
    return Report.objects.get(post=post)


def test_anyone_signed_in_reports_a_post_with_a_reason(reported, people):
    assert reported.reason == "insult" and reported.status == "open"
    assert reported.reporter == people["non_member"]


def test_other_needs_a_text(client, people, discussion):
    client.force_login(people["non_member"])
    post = discussion.posts.get()
    response = client.post(f"/messages/{post.pk}/signaler/", {"reason": "other"})
    assert "Précisez la raison du signalement." in page_text(response)
    assert not Report.objects.exists()


def test_a_group_can_be_reported_to_the_moderators(client, people, group):
    client.force_login(people["non_member"])
    client.post(f"/groupes/{group.slug}/signaler/", {"reason": "spam"})
    assert Report.objects.get(group=group).reason == "spam"


def test_animators_see_their_group_reports_and_hide_with_a_public_reason(
    client, people, reported, discussion, mailoutbox, run_tasks
):
    client.force_login(people["animator"])
    page = page_text(client.get(f"/groupes/{discussion.group.slug}/animation/signalements/"))
    assert "Insulte, propos haineux ou harcèlement" in page and "Ton agressif." in page
    reply = discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Calme")
    post = reported.post
    response = client.post(
        f"/messages/{post.pk}/masquer/",
        {"reason": "propos insultants envers un voisin", "report": reported.pk},
        follow=True,
    )
    assert "Le message est masqué" in page_text(response)
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN and post.body  # kept in the database
    reported.refresh_from_db()
    assert reported.status == Report.Status.ACTIONED

    client.logout()
    html = page_text(client.get(f"/discussions/{discussion.pk}/"))
    # The opening post hidden hides its discussion from the public.
    assert client.get(f"/discussions/{discussion.pk}/").status_code == 404 or (
        "Masqué par la modération : propos insultants envers un voisin" in html
    )
    decision = ModerationDecision.objects.get(action="hide_post")
    assert decision.moderator == people["animator"] and decision.as_animator
    assert decision.reason == "propos insultants envers un voisin"
    run_tasks()
    to_author = [m for m in mailoutbox if m.to == ["marc.membre@exemple.fr"]]
    assert to_author and "propos insultants envers un voisin" in to_author[0].body
    assert reply.pk


def test_a_hidden_reply_shows_the_public_reason_in_its_place_and_can_be_restored(
    client, people, discussion
):
    reply = discussions.reply(
        user=fresh(people["elected_here"]), discussion=discussion, body="Texte litigieux"
    )
    moderation.hide_post(user=fresh(people["moderator"]), post=reply, reason="hors sujet")
    html = page_text(client.get(f"/discussions/{discussion.pk}/"))
    assert "Masqué par la modération : hors sujet" in html
    assert "Texte litigieux" not in html
    client.force_login(people["animator"])
    assert "Texte litigieux" in page_text(client.get(f"/discussions/{discussion.pk}/"))
    client.post(f"/messages/{reply.pk}/retablir/")
    reply.refresh_from_db()
    assert reply.state == Post.State.PUBLISHED
    client.logout()
    assert "Texte litigieux" in page_text(client.get(f"/discussions/{discussion.pk}/"))
    actions = list(
        ModerationDecision.objects.order_by("decided_at").values_list("action", flat=True)
    )
    assert actions == ["hide_post", "restore_post"]


def test_dismissing_a_report_is_logged(client, people, reported):
    client.force_login(people["moderator"])
    client.post(f"/signalements/{reported.pk}/classer/", {"reason": "Critique légitime"})
    reported.refresh_from_db()
    assert reported.status == Report.Status.DISMISSED
    decision = ModerationDecision.objects.get()
    assert decision.action == "dismiss_report" and decision.reason == "Critique légitime"
    assert decision.moderator_name == "Claire Moderatrice" and not decision.as_animator


def test_members_cannot_moderate(client, people, reported):
    client.force_login(people["member"])
    assert client.post(f"/signalements/{reported.pk}/classer/").status_code == 403
    assert client.get(f"/messages/{reported.post.pk}/masquer/").status_code == 403
    reported.refresh_from_db()
    assert reported.status == Report.Status.OPEN


def test_a_suspended_member_reads_but_no_longer_writes(client, people, group, discussion):
    membership = Membership.objects.get(group=group, user=people["member"])
    client.force_login(people["animator"])
    client.post(f"/adhesions/{membership.pk}/suspendre/", {"reason": "Insultes répétées"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    client.force_login(people["member"])
    page = page_text(client.get(f"/discussions/{discussion.pk}/"))
    assert "Publier ma réponse" not in page
    response = client.post(
        f"/discussions/{discussion.pk}/repondre/", {"body": "Je reviens"}, follow=True
    )
    assert "Vous êtes suspendu·e de ce groupe" in page_text(response)
    assert not Post.objects.filter(body="Je reviens").exists()
    assert "Vous êtes suspendu·e" in page_text(client.get(f"/groupes/{group.slug}/"))
    decision = ModerationDecision.objects.get(action="suspend_member")
    assert decision.member == people["member"] and decision.reason == "Insultes répétées"


def test_moderators_hide_and_restore_a_group(client, people, group):
    client.force_login(people["moderator"])
    client.post(f"/groupes/{group.slug}/masquer/", {"reason": "Groupe de spam"})
    client.logout()
    assert client.get(f"/groupes/{group.slug}/").status_code == 404
    assert group.name not in page_text(client.get("/groupes/"))
    client.force_login(people["moderator"])
    hidden_page = page_text(client.get(f"/groupes/{group.slug}/"))
    assert "Groupe de spam" in hidden_page and "Rétablir le groupe" in hidden_page
    client.post(f"/groupes/{group.slug}/retablir/")
    client.logout()
    assert client.get(f"/groupes/{group.slug}/").status_code == 200


def test_the_admin_queue_counts_reports_and_is_for_moderators_only(client, people, reported):
    client.force_login(people["moderator"])
    admin = client.get("/admin/").content.decode()
    assert "ration (1)" in admin  # the sidebar's labels are JSON in the page
    queue = page_text(client.get("/admin/moderation/"))
    assert "Ton agressif." in queue and "Classer sans suite" in queue
    assert "Suspendre l'auteur·rice du groupe" in queue
    client.post(f"/signalements/{reported.pk}/classer/", {"next": "/admin/moderation/"})
    assert "Aucun signalement à traiter." in page_text(client.get("/admin/moderation/"))
    log = page_text(client.get("/admin/moderation/journal/"))
    assert "Signalement classé sans suite" in log and "Claire Moderatrice" in log

    client.force_login(people["communication"])
    assert client.get("/admin/moderation/").status_code in (302, 403)
    assert "ration (" not in client.get("/admin/").content.decode()


def test_every_decision_says_who_what_when_and_why(people, group, discussion):
    post = discussion.posts.get()
    moderator = fresh(people["moderator"])
    moderation.hide_post(user=moderator, post=post, reason="Données personnelles")
    decision = ModerationDecision.objects.get()
    assert decision.moderator == moderator
    assert decision.action == "hide_post"
    assert decision.decided_at is not None
    assert decision.reason == "Données personnelles"
    assert "La rue est dangereuse" in decision.summary


@pytest.mark.parametrize("waiting", [1, 20])
def test_the_queue_costs_the_same_queries_whether_one_or_twenty_items_wait(
    client, people, discussion, waiting, django_assert_num_queries
):
    for number in range(waiting):
        reported = Post.objects.create(
            discussion=discussion, author=people["member"], body=f"Message signalé {number}"
        )
        Report.objects.create(reporter=people["non_member"], post=reported, reason="spam")
        Post.objects.create(
            discussion=discussion,
            author=people["elected_here"],
            body=f"À valider {number}",
            body_html=f"<p>À valider {number}</p>",
            state=Post.State.PENDING,
        )
    client.force_login(people["moderator"])
    client.get("/admin/moderation/")  # the admin's own caches warmed, as after a first page
    # The user, their permissions (two queries) and admin profile, the locales, three kinds of
    # group permissions, the four counts of the menu (participation's reports among them), then the queue: its count, its page of
    # reports, the reported authors' memberships, the posts awaiting approval.
    with django_assert_num_queries(16):
        response = client.get("/admin/moderation/")
    queue = page_text(response)
    assert f"{waiting} signalement" in queue and f"{waiting} message" in queue
    assert queue.count("Suspendre l'auteur·rice du groupe") == waiting
    assert f"À valider {waiting - 1}" in queue


def test_the_queue_filters_the_reports_by_reason(client, people, reported, group):
    Report.objects.create(reporter=people["member"], group=group, reason="spam")
    client.force_login(people["moderator"])
    spam = page_text(client.get("/admin/moderation/?reason=spam"))
    assert "1 signalement à traiter" in spam and "Ton agressif." not in spam
    assert "Masquer le groupe" in spam


def test_the_decision_log_lists_every_decision_by_page_of_fifty(client, people, discussion):
    post = discussion.posts.get()
    moderator = fresh(people["moderator"])
    for number in range(51):
        moderation.hide_post(user=moderator, post=post, reason=f"Motif {number}")
        moderation.restore_post(user=moderator, post=post)
    client.force_login(people["moderator"])
    first = page_text(client.get("/admin/moderation/journal/"))
    assert "Motif 50" in first and "Motif 0" not in first
    hidden = page_text(client.get("/admin/moderation/journal/?action=hide_post&p=2"))
    assert "Motif 0" in hidden


def test_the_queue_buttons_work_with_csrf_protection_on(people, reported):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["moderator"])
    queue = page_text(browser.get("/admin/moderation/"))
    dismiss = re.search(r'action="/signalements/\d+/classer/">\s*<input[^>]*value="([^"]+)"', queue)
    response = browser.post(
        f"/signalements/{reported.pk}/classer/",
        {"csrfmiddlewaretoken": dismiss.group(1), "next": "/admin/moderation/"},
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == Report.Status.DISMISSED


def test_the_filtered_listing_refreshes_with_its_count(client, people, reported):
    client.force_login(people["moderator"])
    fragment = page_text(client.get("/admin/moderation/results/?reason=spam"))
    assert "Aucun signalement à traiter." in fragment and "Ton agressif." not in fragment
    fragment = page_text(client.get("/admin/moderation/results/?reason=insult"))
    assert "1 signalement à traiter" in fragment and "Ton agressif." in fragment
