"""Reports and moderation decisions. Nothing is deleted: hidden content can be restored.

Every decision is written to `ModerationDecision` (who, what, when, why) and the author of the
content concerned is told by email.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from civic.common import richtext
from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.groups import CivicGroup, Membership
from civic.dialogue.services import notifications
from civic.dialogue.services.discussions import refresh_counters
from civic.moderation.models import ModerationDecision, Report

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

Action = ModerationDecision.Action


def _name(user: "User") -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else (user.get_full_name() or user.get_username())


def _log(
    *,
    moderator: "User",
    action: str,
    reason: str,
    summary: str,
    group: CivicGroup,
    post: Post | None = None,
    report: Report | None = None,
    member: "User | None" = None,
) -> ModerationDecision:
    decision = ModerationDecision.objects.create(
        action=action,
        reason=reason,
        moderator=moderator,
        moderator_name=_name(moderator),
        as_animator=not rules.is_moderator(moderator),
        group=group,
        post=post,
        report=report,
        member=member,
        summary=summary[:300],
    )
    if member is not None and member.pk != moderator.pk:
        notifications.notify_decision(decision)
    return decision


def _log_post(
    *, user: "User", action: str, post: Post, reason: str, report: Report | None = None
) -> ModerationDecision:
    return _log(
        moderator=user,
        action=action,
        reason=reason,
        summary=_post_summary(post),
        group=post.discussion.group,
        post=post,
        report=report,
        member=post.author,
    )


def _log_group(
    *, user: "User", action: str, group: CivicGroup, reason: str, report: Report | None = None
) -> ModerationDecision:
    return _log(
        moderator=user,
        action=action,
        reason=reason,
        summary=group.name,
        group=group,
        report=report,
        member=group.created_by,
    )


def _log_membership(
    *,
    user: "User",
    action: str,
    membership: Membership,
    reason: str,
    report: Report | None = None,
) -> ModerationDecision:
    return _log(
        moderator=user,
        action=action,
        reason=reason,
        summary=f"{_name(membership.user)} — {membership.group.name}",
        group=membership.group,
        report=report,
        member=membership.user,
    )


def _post_summary(post: Post) -> str:
    return f"« {richtext.excerpt(post.body, 120)} » — {post.discussion.title}"


def _close_reports(reports: "QuerySet[Report]", status: str) -> None:
    reports.filter(status=Report.Status.OPEN).update(status=status, handled_at=timezone.now())


@transaction.atomic
def report(
    *,
    user: "User",
    reason: str,
    text: str = "",
    post: Post | None = None,
    group: CivicGroup | None = None,
) -> Report:
    """Anyone signed in reports a post or a group to its animators and the moderators."""
    if post is not None:
        allowed = rules.can_report_post(user, post)
    else:
        allowed = rules.can_report_group(user, group)
    if not allowed:
        raise PermissionDenied
    return Report.objects.create(reporter=user, post=post, group=group, reason=reason, text=text)


@transaction.atomic
def dismiss_report(*, user: "User", report: Report, reason: str = "") -> ModerationDecision:
    if not rules.can_moderate_group(user, report.target_group):
        raise PermissionDenied
    report.status = Report.Status.DISMISSED
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_at"])
    target = _post_summary(report.post) if report.post_id else report.group.name  # type: ignore[arg-type, union-attr]
    return _log(
        moderator=user,
        action=Action.DISMISS_REPORT,
        reason=reason,
        summary=f"{report.get_reason_display()} : {target}",
        group=report.target_group,
        post=report.post,
        report=report,
    )


@transaction.atomic
def hide_post(
    *, user: "User", post: Post, reason: str, report: Report | None = None
) -> ModerationDecision:
    """Hide a post behind « Masqué par la modération : <reason> »; the text stays stored."""
    if not rules.can_hide_post(user, post):
        raise PermissionDenied
    post.state = Post.State.HIDDEN
    post.hidden_reason = reason.strip()
    post.save(update_fields=["state", "hidden_reason"])
    if post.is_opening:
        Discussion.objects.filter(pk=post.discussion_id).update(
            is_hidden=True, hidden_reason=post.hidden_reason
        )
    refresh_counters(post.discussion)
    _close_reports(post.reports.all(), Report.Status.ACTIONED)
    return _log_post(
        user=user, action=Action.HIDE_POST, post=post, reason=post.hidden_reason, report=report
    )


@transaction.atomic
def restore_post(*, user: "User", post: Post, reason: str = "") -> ModerationDecision:
    if not rules.can_restore_post(user, post):
        raise PermissionDenied
    post.state = Post.State.PUBLISHED
    post.hidden_reason = ""
    post.save(update_fields=["state", "hidden_reason"])
    if post.is_opening:
        Discussion.objects.filter(pk=post.discussion_id).update(is_hidden=False, hidden_reason="")
    refresh_counters(post.discussion)
    return _log_post(user=user, action=Action.RESTORE_POST, post=post, reason=reason)


@transaction.atomic
def approve_post(*, user: "User", post: Post) -> ModerationDecision:
    """Publish a post that waited for approval (the first posts of a new account)."""
    if post.state != Post.State.PENDING or not rules.can_moderate_group(
        user, post.discussion.group
    ):
        raise PermissionDenied
    post.state = Post.State.PUBLISHED
    post.created_at = timezone.now()
    post.save(update_fields=["state", "created_at"])
    if post.is_opening:
        Discussion.objects.filter(pk=post.discussion_id).update(
            opening_approved=True, created_at=post.created_at
        )
        post.discussion.refresh_from_db()
    refresh_counters(post.discussion)
    notifications.announce_new_post(post)
    return _log_post(user=user, action=Action.APPROVE_POST, post=post, reason="")


@transaction.atomic
def reject_post(*, user: "User", post: Post, reason: str) -> ModerationDecision:
    """A waiting post that will not be published: hidden with its reason, kept for the record."""
    if post.state != Post.State.PENDING or not rules.can_moderate_group(
        user, post.discussion.group
    ):
        raise PermissionDenied
    post.state = Post.State.HIDDEN
    post.hidden_reason = reason.strip()
    post.save(update_fields=["state", "hidden_reason"])
    return _log_post(user=user, action=Action.HIDE_POST, post=post, reason=post.hidden_reason)


@transaction.atomic
def hide_group(
    *, user: "User", group: CivicGroup, reason: str, report: Report | None = None
) -> ModerationDecision:
    if not rules.can_hide_group(user, group):
        raise PermissionDenied
    group.is_hidden = True
    group.hidden_reason = reason.strip()
    group.save(update_fields=["is_hidden", "hidden_reason"])
    _close_reports(group.reports.all(), Report.Status.ACTIONED)
    return _log_group(
        user=user, action=Action.HIDE_GROUP, group=group, reason=group.hidden_reason, report=report
    )


@transaction.atomic
def restore_group(*, user: "User", group: CivicGroup, reason: str = "") -> ModerationDecision:
    if not rules.can_restore_group(user, group):
        raise PermissionDenied
    CivicGroup.objects.filter(pk=group.pk).update(is_hidden=False, hidden_reason="")
    group.is_hidden, group.hidden_reason = False, ""
    return _log_group(user=user, action=Action.RESTORE_GROUP, group=group, reason=reason)


@transaction.atomic
def suspend_member(
    *, user: "User", membership: Membership, reason: str, report: Report | None = None
) -> ModerationDecision:
    """The member stays in the group's list but can no longer post, reply or edit there."""
    if not rules.can_suspend_member(user, membership):
        raise PermissionDenied
    membership.status = Membership.Status.SUSPENDED
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["status", "role"])
    if report is not None:
        _close_reports(Report.objects.filter(pk=report.pk), Report.Status.ACTIONED)
    rules.forget_memberships(membership.user)
    return _log_membership(
        user=user,
        action=Action.SUSPEND_MEMBER,
        membership=membership,
        reason=reason.strip(),
        report=report,
    )


@transaction.atomic
def reinstate_member(
    *, user: "User", membership: Membership, reason: str = ""
) -> ModerationDecision:
    if not rules.can_reinstate_member(user, membership):
        raise PermissionDenied
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status"])
    rules.forget_memberships(membership.user)
    return _log_membership(
        user=user, action=Action.REINSTATE_MEMBER, membership=membership, reason=reason.strip()
    )
