"""Writes on groups and memberships. Keyword-only; each runs in one transaction."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from civic.common import richtext
from civic.dialogue import permissions as rules
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.dialogue.services.notifications import notify_membership_accepted
from civic.territories.models import slugify_name

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civic.territories.models import Territory

SLUG_MAX = 120


def _free_slug(name: str) -> str:
    base = slugify_name(name)[:SLUG_MAX].strip("-") or "groupe"
    slug, number = base, 1
    while CivicGroup.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_group(
    *,
    user: "User",
    name: str,
    description: str,
    theme: Theme,
    territory: "Territory",
    join_policy: str,
    rules_text: str = "",
) -> CivicGroup:
    """A new group; its creator becomes its first animator."""
    if not rules.can_create_group(user):
        raise PermissionDenied
    group = CivicGroup.objects.create(
        name=name.strip(),
        slug=_free_slug(name),
        description=description.strip(),
        description_html=richtext.render(description),
        rules=rules_text.strip(),
        rules_html=richtext.render(rules_text),
        theme=theme,
        territory=territory,
        join_policy=join_policy,
        created_by=user,
    )
    Membership.objects.create(
        group=group, user=user, role=Membership.Role.ANIMATOR, status=Membership.Status.ACTIVE
    )
    rules.forget_memberships(user)
    return group


@transaction.atomic
def update_group(
    *, user: "User", group: CivicGroup, description: str, rules_text: str
) -> CivicGroup:
    """Animators edit the description and the rules shown on the group page."""
    if not rules.can_animate(user, group):
        raise PermissionDenied
    group.description = description.strip()
    group.description_html = richtext.render(description)
    group.rules = rules_text.strip()
    group.rules_html = richtext.render(rules_text)
    group.save(
        update_fields=["description", "description_html", "rules", "rules_html", "search_text"]
    )
    return group


@transaction.atomic
def join_group(*, user: "User", group: CivicGroup) -> Membership:
    """Join an open group at once, or ask to join a group on request."""
    if not rules.can_join_group(user, group):
        raise PermissionDenied
    status = (
        Membership.Status.ACTIVE
        if group.join_policy == CivicGroup.JoinPolicy.OPEN
        else Membership.Status.REQUESTED
    )
    membership = Membership.objects.create(group=group, user=user, status=status)
    rules.forget_memberships(user)
    return membership


@transaction.atomic
def leave_group(*, user: "User", group: CivicGroup) -> None:
    """Leave a group, or withdraw a request to join it."""
    if not rules.can_leave_group(user, group):
        raise PermissionDenied
    Membership.objects.filter(group=group, user=user).delete()
    rules.forget_memberships(user)


@transaction.atomic
def accept_request(*, user: "User", membership: Membership) -> Membership:
    if not rules.can_animate(user, membership.group):
        raise PermissionDenied
    if membership.status != Membership.Status.REQUESTED:
        raise ValueError("Not a pending request.")
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at"])
    notify_membership_accepted(membership)
    return membership


@transaction.atomic
def decline_request(*, user: "User", membership: Membership) -> None:
    if not rules.can_animate(user, membership.group):
        raise PermissionDenied
    if membership.status != Membership.Status.REQUESTED:
        raise ValueError("Not a pending request.")
    membership.delete()


@transaction.atomic
def name_animator(*, user: "User", membership: Membership) -> Membership:
    """Make an active member an animator of the group."""
    if not rules.can_animate(user, membership.group):
        raise PermissionDenied
    if membership.status != Membership.Status.ACTIVE:
        raise ValueError("Only active members can become animators.")
    membership.role = Membership.Role.ANIMATOR
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def set_notifications(*, user: "User", group: CivicGroup, notify: str) -> None:
    if not rules.can_set_notifications(user, group):
        raise PermissionDenied
    Membership.objects.filter(group=group, user=user).update(notify=notify)
    rules.forget_memberships(user)


@transaction.atomic
def unsubscribe(*, user: "User", groups: Iterable[CivicGroup]) -> int:
    """One-click unsubscribe from an email: no more emails from these groups."""
    return Membership.objects.filter(user=user, group__in=groups).update(
        notify=Membership.Notify.NEVER
    )
