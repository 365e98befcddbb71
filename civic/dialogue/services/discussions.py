"""Writes on discussions, posts, recommendations, follows and consultations.

Keyword-only; each runs in one transaction. Posting is rate-limited per account
(settings.CIVIC_POST_RATE) and the first posts of a new account may wait for a moderator
(settings.CIVIC_FIRST_POSTS_NEED_APPROVAL).
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.common import ratelimit, richtext
from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import (
    Consultation,
    Discussion,
    Follow,
    OfficialAnswer,
    Post,
    Recommendation,
)
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import answers, notifications
from civic.moderation.elections import pre_election_review

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A group's place in the lists (most recently active first) moves forward at most this often
# on replies, so that a burst of replies in one group does not queue on the group's row.
GROUP_ACTIVITY_STEP = timedelta(minutes=1)


class PostingTooFast(ValidationError):
    """Too many posts in a short time: nothing was saved."""


def _check_rate(user: "User") -> None:
    if not ratelimit.hit("posts", user.pk, settings.CIVIC_POST_RATE):
        raise PostingTooFast(
            _(
                "Vous avez publié beaucoup de messages en peu de temps : patientez une minute "
                "avant d'envoyer celui-ci. Votre texte n'a pas été perdu, il est toujours dans "
                "le formulaire."
            ),
            code="rate_limited",
        )


def needs_approval(user: "User", group: CivicGroup) -> bool:
    """The first posts of a new account wait for approval, when the portal asks for it; so do
    an elected official's during a pre-election period covering their mandate."""
    if pre_election_review(user) is not None:
        return True
    required = settings.CIVIC_FIRST_POSTS_NEED_APPROVAL
    if not required or rules.can_moderate_group(user, group):
        return False
    published = Post.objects.filter(author=user, state=Post.State.PUBLISHED).count()
    return published < required


def refresh_counters(discussion: Discussion) -> None:
    """Recount visible replies, and bring the discussion's and group's activity forward."""
    published = Post.objects.filter(discussion=discussion, state=Post.State.PUBLISHED)
    counters = published.aggregate(  # one query for both
        last=models.Max("created_at"),
        replies=models.Count("pk", filter=models.Q(is_opening=False)),
    )
    discussion.reply_count = counters["replies"]
    discussion.last_activity_at = counters["last"] or discussion.created_at
    discussion.save(update_fields=["reply_count", "last_activity_at"])
    _bring_group_forward(discussion.group_id, discussion.last_activity_at)


@transaction.atomic
def start_discussion(*, user: "User", group: CivicGroup, title: str, body: str) -> Discussion:
    if not rules.can_start_discussion(user, group):
        raise PermissionDenied
    _check_rate(user)
    pending = needs_approval(user, group)
    now = timezone.now()
    discussion = Discussion.objects.create(
        group=group,
        title=title.strip(),
        author=user,
        created_at=now,
        last_activity_at=now,
        opening_approved=not pending,
    )
    post = Post.objects.create(
        discussion=discussion,
        author=user,
        is_opening=True,
        body=body.strip(),
        body_html=richtext.render(body),
        created_at=now,
        state=Post.State.PENDING if pending else Post.State.PUBLISHED,
    )
    if not pending:
        CivicGroup.objects.filter(pk=group.pk).update(last_activity_at=now)
        notifications.announce_new_post(post)
    return discussion


@transaction.atomic
def reply(*, user: "User", discussion: Discussion, body: str) -> Post:
    if not rules.can_reply(user, discussion):
        raise PermissionDenied
    _check_rate(user)
    pending = needs_approval(user, discussion.group)
    post = Post.objects.create(
        discussion=discussion,
        author=user,
        body=body.strip(),
        body_html=richtext.render(body),
        state=Post.State.PENDING if pending else Post.State.PUBLISHED,
    )
    if not pending:
        notifications.announce_new_post(post)
        _count_new_reply(discussion, post)  # last: the rows every reply updates stay locked least
    return post


def _count_new_reply(discussion: Discussion, post: Post) -> None:
    """One more published reply, now the latest activity: an increment, not a recount (which
    reads the whole thread while every other reply to it waits on the row's lock)."""
    Discussion.objects.filter(pk=discussion.pk).update(
        reply_count=models.F("reply_count") + 1, last_activity_at=post.created_at
    )
    discussion.reply_count += 1
    discussion.last_activity_at = post.created_at
    group = discussion.group if Discussion.group.is_cached(discussion) else None
    if group is not None and group.last_activity_at >= post.created_at - GROUP_ACTIVITY_STEP:
        return  # a busy group's row is not written (and locked) by every reply
    _bring_group_forward(discussion.group_id, post.created_at)


def _bring_group_forward(group_id: int, moment: datetime) -> None:
    CivicGroup.objects.filter(pk=group_id, last_activity_at__lt=moment).update(
        last_activity_at=moment
    )


@transaction.atomic
def edit_post(*, user: "User", post: Post, body: str, title: str | None = None) -> Post:
    """The author's correction, marked « modifié »; the title too for an opening post."""
    if not rules.can_edit_post(user, post):
        raise PermissionDenied
    post.body = body.strip()
    post.body_html = richtext.render(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if title is not None and post.is_opening and title.strip():
        Discussion.objects.filter(pk=post.discussion_id).retitle(title.strip())
    notifications.announce_edited_post(post)
    return post


@transaction.atomic
def delete_post(*, user: "User", post: Post) -> Discussion | None:
    """Delete one's own post.

    When others replied after it, it stays in its place as « Message supprimé par son auteur »
    (its text erased), so that the thread still reads; otherwise it is really deleted, with its
    discussion for an opening post nobody answered. Returns the discussion, or None when the
    discussion went too.
    """
    if not rules.can_delete_post(user, post):
        raise PermissionDenied
    discussion = post.discussion
    later = Post.objects.filter(discussion=discussion).exclude(pk=post.pk)
    if not post.is_opening:
        later = later.filter(
            models.Q(created_at__gt=post.created_at)
            | models.Q(created_at=post.created_at, pk__gt=post.pk)
        )
    if later.exists():
        post.deleted_by_author = True
        post.body = ""
        post.body_html = ""
        post.save(update_fields=["deleted_by_author", "body", "body_html"])
        post.recommendations.all().delete()
        Post.objects.filter(pk=post.pk).update(recommendation_count=0)
        return discussion
    if post.is_opening:
        discussion.delete()
        return None
    post.delete()
    refresh_counters(discussion)
    return discussion


@transaction.atomic
def recommend(*, user: "User", post: Post) -> bool:
    """« Je recommande », once; a second call changes nothing."""
    if not rules.can_recommend(user, post):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Recommendation.objects.create(post=post, user=user)
    except IntegrityError:
        return False
    Post.objects.filter(pk=post.pk).update(
        recommendation_count=models.F("recommendation_count") + 1
    )
    return True


@transaction.atomic
def withdraw_recommendation(*, user: "User", post: Post) -> bool:
    deleted, _ = Recommendation.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk, recommendation_count__gt=0).update(
            recommendation_count=models.F("recommendation_count") - 1
        )
    return bool(deleted)


@transaction.atomic
def follow(*, user: "User", other: "User") -> bool:
    if not rules.can_follow(user, other):
        raise PermissionDenied
    _, created = Follow.objects.get_or_create(follower=user, followed=other)
    return created


@transaction.atomic
def unfollow(*, user: "User", other: "User") -> bool:
    deleted, _ = Follow.objects.filter(follower=user, followed=other).delete()
    return bool(deleted)


@transaction.atomic
def set_pinned(*, user: "User", discussion: Discussion, pinned: bool) -> Discussion:
    if not rules.can_animate(user, discussion.group):
        raise PermissionDenied
    discussion.pinned = pinned
    discussion.save(update_fields=["pinned"])
    return discussion


# Consultations.


@transaction.atomic
def open_consultation(
    *,
    user: "User",
    group: CivicGroup,
    title: str,
    question: str,
    closes_at: datetime | None = None,
    audience: str = Consultation.Audience.GROUP,
) -> Consultation:
    """A question to citizens, in a discussion of the group, open until `closes_at` (if any)."""
    if not rules.can_open_consultation(user, group):
        raise PermissionDenied
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError(_("La date de clôture doit être dans le futur."))
    now = timezone.now()
    discussion = Discussion.objects.create(
        group=group, title=title.strip(), author=user, created_at=now, last_activity_at=now
    )
    post = Post.objects.create(
        discussion=discussion,
        author=user,
        is_opening=True,
        body=question.strip(),
        body_html=richtext.render(question),
        created_at=now,
    )
    consultation = Consultation.objects.create(
        discussion=discussion,
        opened_by=user,
        opened_at=now,
        closes_at=closes_at,
        audience=audience,
    )
    CivicGroup.objects.filter(pk=group.pk).update(last_activity_at=now)
    notifications.announce_new_post(post)
    return consultation


@transaction.atomic
def close_consultation(*, user: "User", consultation: Consultation) -> Consultation:
    if not rules.can_close_consultation(user, consultation):
        raise PermissionDenied
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    return consultation


def signature(user: "User") -> str:
    """ "Jean Maire — Maire de Creil", or the name alone for staff."""
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile else (user.get_full_name() or user.get_username())
    if profile is not None and profile.is_verified and profile.kind == profile.Kind.ELECTED:
        return f"{name} — {profile.mandate_label}"
    return name


@transaction.atomic
def publish_official_answer(
    *, user: "User", consultation: Consultation, body: str
) -> OfficialAnswer:
    if not rules.can_publish_official_answer(user, consultation):
        raise PermissionDenied
    answer = OfficialAnswer.objects.create(
        consultation=consultation,
        author=user,
        author_label=signature(user),
        body=body.strip(),
        body_html=richtext.render(body),
    )
    discussion = consultation.discussion
    discussion.last_activity_at = answer.published_at
    discussion.save(update_fields=["last_activity_at"])
    CivicGroup.objects.filter(pk=discussion.group_id).update(last_activity_at=answer.published_at)
    answers.announce(answer, Notification.Kind.OFFICIAL_ANSWER, answer.body)
    return answer
