"""The email queue of the dialogue.

A new post is announced by a background task queued in the transaction that publishes it (the
database task backend stores the task beside the post, so neither exists without the other):
finding who to tell and writing their rows is the worker's job, not the author's request. Other
events (moderation decisions, accepted memberships) write their one row at once. Immediate rows
are handed on to the worker; rows are marked sent only once the email has left: a failed send is
retried later (send_notification, below) and the daily digest picks up whatever is still unsent.
"""

import contextvars
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import Membership
from civic.dialogue.models.notifications import CONTENT_KINDS, Notification
from civic.dialogue.services.mentions import mentioned_readers

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from civic.dialogue.models.answers import OfficialAnswerBase
    from civic.dialogue.models.groups import CivicGroup
    from civic.moderation.models import ModerationDecision

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "civic.unsubscribe"
MAX_ATTEMPTS = 5
# Seconds before each new try of an immediate email: 1 min, 5 min, 30 min, 2 h.
RETRY_DELAYS = [60, 300, 1800, 7200]


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# Writing the rows.


def _enqueue(notifications: Iterable[Notification]) -> None:
    for notification in notifications:
        if notification.delivery == Notification.Delivery.IMMEDIATE:
            send_notification.enqueue(notification.pk)


def _create(rows: list[Notification]) -> list[Notification]:
    created = Notification.objects.bulk_create(rows)  # primary keys set (RETURNING)
    _enqueue(created)
    return created


_silenced = contextvars.ContextVar("civic_announcements_silenced", default=False)


def silenced() -> bool:
    return _silenced.get()


@contextmanager
def silence_announcements() -> Iterator[None]:
    """Publish without telling anyone: the demo's invented people have no mailbox."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def announce_new_post(post: Post) -> None:
    """Queue the notifications of a post just published, in the caller's transaction."""
    if not _silenced.get():
        announce_post.enqueue(post.pk)


def write_announcements(post_id: int) -> int:
    """The worker's side of announce_new_post: the rows, written once even if the task runs
    twice, and none for a post deleted or hidden in the meantime. Returns how many."""
    with transaction.atomic():
        post = Post.objects.select_related("discussion__group").filter(pk=post_id).first()
        if post is None or not post.is_readable:
            return 0
        kinds = (Notification.Kind.NEW_DISCUSSION, Notification.Kind.REPLY)
        if Notification.objects.filter(post=post, kind__in=kinds).exists():
            return 0
        # An edit may have told some of them already (announce_edited_post).
        already = set(
            Notification.objects.filter(post=post, kind=Notification.Kind.MENTION).values_list(
                "recipient_id", flat=True
            )
        )
        mentioned = mentioned_readers(post)
        rows = notify_new_post(post, besides=[user.pk for user in mentioned] + list(already))
        fresh = [user for user in mentioned if user.pk not in already]
        return len(rows) + len(notify_mentions(post, fresh))


def announce_edited_post(post: Post) -> None:
    """Queue the mentions an edit added, in the caller's transaction."""
    if not _silenced.get() and post.is_readable:
        announce_new_mentions.enqueue(post.pk)


def write_new_mentions(post_id: int) -> int:
    """The worker's side of announce_edited_post: tell those the post now mentions who were not
    told about it yet (by a mention, or as members when it was published). Returns how many."""
    with transaction.atomic():
        post = Post.objects.select_related("discussion__group").filter(pk=post_id).first()
        if post is None or not post.is_readable:
            return 0
        told = set(
            Notification.objects.filter(post=post, kind__in=CONTENT_KINDS).values_list(
                "recipient_id", flat=True
            )
        )
        return len(notify_mentions(post, [u for u in mentioned_readers(post) if u.pk not in told]))


def notify_new_post(post: Post, *, besides: Sequence[int] = ()) -> list[Notification]:
    """A new discussion tells the group's members; a reply tells those who took part (but
    those in `besides`, told otherwise)."""
    discussion = post.discussion
    group = discussion.group
    members = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).exclude(
        notify=Membership.Notify.NEVER
    )
    if post.author_id:
        members = members.exclude(user_id=post.author_id)
    if besides:
        members = members.exclude(user_id__in=besides)
    if post.is_opening:
        kind = Notification.Kind.NEW_DISCUSSION
    else:
        kind = Notification.Kind.REPLY
        # Per member, one probe of the post_participant index: not a read of the whole thread.
        took_part = Post.objects.filter(
            discussion=discussion, state=Post.State.PUBLISHED, author_id=OuterRef("user_id")
        )
        members = members.filter(Exists(took_part))
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=membership.user_id,
            kind=kind,
            delivery=membership.notify,
            group=group,
            discussion=discussion,
            post=post,
            created_at=now,
        )
        for membership in members
    ]
    return _create(rows) if rows else []


def notify_mentions(post: Post, users: Sequence["User"]) -> list[Notification]:
    """Tell those `post` mentions: in the daily digest, or on the site only for a member who
    asked for no email from the group; one query for their memberships."""
    if not users:
        return []
    discussion = post.discussion
    silent = set(
        Membership.objects.filter(
            group=discussion.group_id,
            user__in=[user.pk for user in users],
            notify=Membership.Notify.NEVER,
        ).values_list("user_id", flat=True)
    )
    now = timezone.now()
    return _create(
        [
            Notification(
                recipient_id=user.pk,
                kind=Notification.Kind.MENTION,
                delivery=(
                    Notification.Delivery.IN_SITE
                    if user.pk in silent
                    else Notification.Delivery.DIGEST
                ),
                group_id=discussion.group_id,
                discussion=discussion,
                post=post,
                created_at=now,
            )
            for user in users
        ]
    )


def notify_decision(decision: "ModerationDecision") -> list[Notification]:
    """Tell a person what moderation decided about their content or membership."""
    assert decision.member_id is not None  # only decisions about someone are announced
    return _create(
        [
            Notification(
                recipient_id=decision.member_id,
                kind=Notification.Kind.DECISION,
                delivery=Notification.Delivery.IMMEDIATE,
                group=decision.group,
                post=decision.post,
                decision=decision,
            )
        ]
    )


def notify_membership_accepted(membership: Membership) -> list[Notification]:
    return _create(
        [
            Notification(
                recipient_id=membership.user_id,
                kind=Notification.Kind.MEMBERSHIP,
                delivery=Notification.Delivery.IMMEDIATE,
                group=membership.group,
            )
        ]
    )


def answer_followers(answer: "OfficialAnswerBase") -> dict[int, str]:
    """{user id: delivery} of the people an official answer's events tell: the group's members
    (as they chose), and those who took part (posts, poll ballots) by the daily digest."""
    from civic.dialogue.models.discussions import OfficialAnswer
    from civic.dialogue.models.polls import Ballot

    if not isinstance(answer, OfficialAnswer):
        return dict(answer.followers())  # type: ignore[attr-defined]
    discussion = answer.thread
    followers: dict[int, str] = {}
    took_part = Post.objects.filter(discussion=discussion, state=Post.State.PUBLISHED)
    for user_id in took_part.values_list("author_id", flat=True).distinct().order_by():
        if user_id:
            followers[user_id] = Notification.Delivery.DIGEST
    if answer.consultation_id:
        voters = Ballot.objects.filter(consultation_id=answer.consultation_id)
        for user_id in voters.values_list("user_id", flat=True).iterator(chunk_size=5000):
            followers[user_id] = Notification.Delivery.DIGEST
    members = Membership.objects.filter(
        group_id=discussion.group_id, status=Membership.Status.ACTIVE
    )
    for user_id, notify in members.values_list("user_id", "notify"):
        if notify == Membership.Notify.NEVER:
            followers.pop(user_id, None)
        else:
            followers[user_id] = notify
    return followers


def write_answer_announcements(
    content_type_id: int, answer_id: int, kind: str, summary: str
) -> int:
    """The worker's side of civic.dialogue.services.answers.announce: one row per follower
    (the answer's author excepted). Returns how many."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    found = model._default_manager.filter(pk=answer_id).first() if model else None
    answer = cast("OfficialAnswerBase | None", found)
    if answer is None:
        return 0
    followers = answer_followers(answer)
    if answer.author_id is not None:
        followers.pop(answer.author_id, None)
    group = answer.subject_group()
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            delivery=delivery,
            group=group,
            title=answer.subject_title()[:300],
            summary=summary,
            url=answer.subject_url(),
            created_at=now,
        )
        for user_id, delivery in followers.items()
    ]
    created = 0
    for start in range(0, len(rows), 2000):
        created += len(_create(rows[start : start + 2000]))
    return created


# Unsubscribe links.


def unsubscribe_token(user: "User", groups: Iterable["CivicGroup"]) -> str:
    return signing.dumps({"u": user.pk, "g": sorted(g.pk for g in groups)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, list[int]] | None:
    """(user id, [group ids]) or None for a forged or damaged token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), [int(g) for g in data["g"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(user: "User", groups: Iterable["CivicGroup"]) -> str:
    return absolute(reverse("dialogue:unsubscribe", args=[unsubscribe_token(user, groups)]))


# Sending.


def _related(queryset: "QuerySet[Notification]") -> "QuerySet[Notification]":
    return queryset.select_related(
        "recipient",
        "group",
        "discussion",
        "post__author__profile",
        "decision",
        "proposal_update__proposal",
        "street_report__category",
        "street_report__commune",
    )


def _message(
    *,
    recipient: "User",
    subject: str,
    template: str,
    context: dict[str, object],
    groups: "Sequence[CivicGroup]" = (),
) -> EmailMessage:
    context = {**context, "recipient": recipient, "base_url": absolute("")}
    headers: dict[str, str] = {}
    if groups:
        url = unsubscribe_url(recipient, groups)
        context["unsubscribe_url"] = url
        context["group_unsubscribe_urls"] = {g.pk: unsubscribe_url(recipient, [g]) for g in groups}
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    body = render_to_string(template, context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email], headers=headers or None)


def build_immediate_email(notification: Notification) -> EmailMessage:
    if notification.kind == Notification.Kind.STREET_REPORT:
        return _message(
            recipient=notification.recipient,
            subject=_("Votre signalement a changé d'état"),
            template="civic/emails/digest.txt",
            context={"by_group": [], "street_reports": [notification.street_report]},
        )
    group = notification.group
    if notification.kind in ANSWER_KINDS:
        return _message(
            recipient=notification.recipient,
            subject=_("Réponse officielle : « %(title)s »") % {"title": notification.title},
            template="civic/emails/answer.txt",
            context={"items": [notification], "group": group},
            groups=[group] if group else [],
        )
    assert group is not None  # every immediate notification concerns a group
    if notification.kind == Notification.Kind.DECISION:
        assert notification.decision is not None
        subject = _("Décision de la modération : %(action)s") % {
            "action": notification.decision.get_action_display()
        }
        return _message(
            recipient=notification.recipient,
            subject=subject,
            template="civic/emails/decision.txt",
            context={"notification": notification, "decision": notification.decision},
        )
    if notification.kind == Notification.Kind.MEMBERSHIP:
        return _message(
            recipient=notification.recipient,
            subject=_("Bienvenue dans le groupe « %(group)s »") % {"group": group.name},
            template="civic/emails/membership.txt",
            context={"notification": notification, "group": group},
        )
    if notification.kind == Notification.Kind.NEW_DISCUSSION:
        subject = _("%(group)s : nouvelle discussion « %(title)s »")
    else:
        subject = _("%(group)s : nouvelle réponse dans « %(title)s »")
    assert notification.discussion is not None
    return _message(
        recipient=notification.recipient,
        subject=subject % {"group": group.name, "title": notification.discussion.title},
        template="civic/emails/activity.txt",
        context={"items": [notification], "group": group},
        groups=[group],
    )


ANSWER_KINDS = (Notification.Kind.OFFICIAL_ANSWER, Notification.Kind.ANSWER_UPDATE)


def _still_relevant(notification: Notification) -> bool:
    """Content hidden or deleted since the event is not announced any more."""
    post = notification.post
    if notification.kind in (
        Notification.Kind.NEW_DISCUSSION,
        Notification.Kind.REPLY,
        Notification.Kind.MENTION,
    ):
        return post is not None and post.is_readable and not notification.group.is_hidden  # type: ignore[union-attr]
    return True


def deliver_immediate(notification_id: int) -> bool:
    """Send one immediate notification. True when sent (or nothing left to send)."""
    with transaction.atomic():
        notification = (
            _related(Notification.objects.select_for_update(of=("self",)))
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return True
        if not _still_relevant(notification):
            notification.sent_at = timezone.now()
            notification.last_error = "sans objet"
            notification.save(update_fields=["sent_at", "last_error"])
            return True
        try:
            build_immediate_email(notification).send()
        except Exception as error:  # SMTP, DNS, timeouts…: the row stays unsent
            notification.attempts += 1
            notification.last_error = str(error)[:500]
            notification.save(update_fields=["attempts", "last_error"])
            logger.warning("Notification %s not sent: %s", notification.pk, error)
            if notification.attempts < MAX_ATTEMPTS:
                delay = RETRY_DELAYS[min(notification.attempts, len(RETRY_DELAYS)) - 1]
                send_notification.using(
                    run_after=timezone.now() + timedelta(seconds=delay)
                ).enqueue(notification.pk)
            return False
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        return True


def deliver_digest(user_id: int) -> bool:
    """One email with everything a person's groups produced since their last digest."""
    with transaction.atomic():
        pending = list(
            _related(Notification.objects.select_for_update(of=("self",)))
            .filter(
                recipient_id=user_id, delivery=Notification.Delivery.DIGEST, sent_at__isnull=True
            )
            .order_by("group_id", "discussion_id", "created_at", "pk")
        )
        if not pending:
            return True
        relevant = [n for n in pending if _still_relevant(n)]
        now = timezone.now()
        if relevant:
            # Events without a group (an answer to a proposal…) come under a heading of their own;
            # steps of proposals the person supports or follows, and street reports they follow
            # (each once, as it stands now), have sections of their own.
            by_group: dict[CivicGroup | None, list[Notification]] = {}
            proposal_items = [n for n in relevant if n.proposal_update_id]
            street_reports = {}
            for notification in relevant:
                if notification.street_report is not None:
                    street_reports[notification.street_report.pk] = notification.street_report
                elif not notification.proposal_update_id:
                    by_group.setdefault(notification.group, []).append(notification)
            recipient = relevant[0].recipient
            if by_group:
                subject = _("Votre résumé du jour : %(count)d nouveauté(s) dans vos groupes")
            elif street_reports and not proposal_items:
                subject = _("Votre résumé du jour : %(count)d nouveauté(s) sur vos signalements")
            else:
                subject = _("Votre résumé du jour : %(count)d nouveauté(s) dans vos suivis")
            email = _message(
                recipient=recipient,
                subject=subject % {"count": len(relevant)},
                template="civic/emails/digest.txt",
                context={
                    "by_group": list(by_group.items()),
                    "proposal_items": proposal_items,
                    "street_reports": list(street_reports.values()),
                },
                groups=[g for g in by_group if g is not None],
            )
            try:
                email.send()
            except Exception as error:
                Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                    last_error=str(error)[:500]
                )
                logger.warning("Digest for user %s not sent: %s", user_id, error)
                return False
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=now)
        return True


def digest_recipients() -> "QuerySet[Notification, int]":
    return (
        Notification.objects.unsent()
        .filter(delivery=Notification.Delivery.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def stalled_immediate(older_than: timedelta = timedelta(minutes=30)) -> "QuerySet[Notification]":
    """Immediate notifications still unsent after their retries (or never handed to a worker)."""
    return Notification.objects.unsent().filter(
        Q(delivery=Notification.Delivery.IMMEDIATE), created_at__lt=timezone.now() - older_than
    )


# Background work (django-tasks, database backend, run by `manage.py db_worker`), beside the
# functions that queue it.


@task()
def announce_post(post_id: int) -> int:
    """Write the notifications of a post just published (and queue the immediate emails)."""
    return write_announcements(post_id)


@task()
def announce_new_mentions(post_id: int) -> int:
    """Write the notifications of the mentions an edit added."""
    return write_new_mentions(post_id)


@task()
def announce_answer(content_type_id: int, answer_id: int, kind: str, summary: str) -> int:
    """Write the notifications of an official answer's publication, correction or follow-up."""
    return write_answer_announcements(content_type_id, answer_id, kind, summary)


@task()
def send_notification(notification_id: int) -> bool:
    """Send one immediate email; a failure schedules its own retry."""
    return deliver_immediate(notification_id)


@task()
def send_digest(user_id: int) -> bool:
    """Send a person's daily digest; what fails stays queued for the next one."""
    return deliver_digest(user_id)


# In-site: the bell and the notifications page.


def unread_count(user: "User") -> int:
    return Notification.objects.inbox(user).unread().count()


def target_url(notification: Notification) -> str:
    """Where opening a notification leads: the post, else the group."""
    if notification.post_id is not None:
        return reverse("dialogue:post", args=[notification.post_id])
    if notification.group is not None:
        return notification.group.get_absolute_url()
    return reverse("feed:notifications")


def mark_read(*, user: "User", notification: Notification) -> None:
    if notification.recipient_id != user.pk or notification.read_at is not None:
        return
    notification.read_at = timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=notification.read_at
    )


def mark_all_read(*, user: "User") -> int:
    return Notification.objects.filter(recipient=user.pk).unread().update(read_at=timezone.now())
