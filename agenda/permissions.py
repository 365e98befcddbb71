"""Who may do what in the agenda: every decision of the app is made here, tested as a matrix.

- Verified associations and staff (Modération, Communication, superusers) publish directly;
  every other member with a confirmed address submits, and Modération approves or rejects.
- An organiser edits or cancels their own events (a group's animators those of the group);
  Modération may edit or cancel any event, Communication those of the council.
- Importing calendars is for verified associations and staff.
"""

from django.utils import timezone

from civic.dialogue.models.groups import CivicGroup, Membership
from civic.identity.levels import Action, Requirement
from civic.identity.permissions import has_required_level, required_level
from civic.identity.permissions import refusal as level_refusal
from civic.people.models import Profile
from civic.people.permissions import can_participate, is_member

MODERATE_EVENT_PERMISSION = "agenda.moderate_event"
STAFF_GROUPS = ("Modération", "Communication")


def _group_names(user):
    cached = getattr(user, "_agenda_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._agenda_groups = cached
    return cached


def is_staff_member(user):
    """Superusers and the Modération and Communication groups."""
    if not is_member(user):
        return False
    return user.is_superuser or bool(_group_names(user) & set(STAFF_GROUPS))


def is_verified_association(user):
    profile = getattr(user, "profile", None) if is_member(user) else None
    return bool(
        profile is not None and profile.kind == Profile.Kind.ASSOCIATION and profile.is_verified
    )


def can_propose_event(user):
    """Anyone taking part may propose an event; whether it waits for moderation is below."""
    return can_participate(user)


def can_publish_directly(user):
    return can_participate(user) and (is_verified_association(user) or is_staff_member(user))


def can_submit_for_review(user):
    """Members whose events wait for Modération (everyone else publishes directly)."""
    return can_participate(user) and not can_publish_directly(user)


def can_organise_for_council(user):
    return can_participate(user) and is_staff_member(user)


def animated_groups(user):
    """The visible groups `user` leads as an active animator."""
    if not is_member(user):
        return CivicGroup.objects.none()
    return CivicGroup.objects.visible().filter(
        memberships__user=user,
        memberships__role=Membership.Role.ANIMATOR,
        memberships__status=Membership.Status.ACTIVE,
    )


def is_group_animator(user, group_id):
    return animated_groups(user).filter(pk=group_id).exists()


def can_organise_for_group(user, group):
    """A group's animators announce its events (Modération may too)."""
    if not can_participate(user) or group is None:
        return False
    return can_moderate_events(user) or is_group_animator(user, group.pk)


def can_moderate_events(user):
    return is_member(user) and user.has_perm(MODERATE_EVENT_PERMISSION)


def is_own_event(user, event):
    if not is_member(user):
        return False
    if event.created_by_id is not None and event.created_by_id == user.pk:
        return True
    profile = getattr(user, "profile", None)
    return bool(profile is not None and event.organiser_profile_id == profile.pk)


def is_in_charge_of(user, event):
    """The event's organiser (a group's animators, the council's staff) or Modération."""
    if not can_participate(user):
        return False
    if is_own_event(user, event) or can_moderate_events(user):
        return True
    if event.organiser_kind == event.OrganiserKind.GROUP and event.organiser_group_id:
        return is_group_animator(user, event.organiser_group_id)
    return event.organiser_kind == event.OrganiserKind.COUNCIL and can_organise_for_council(user)


def can_edit_event(user, event):
    """A cancelled event is restored first (can_restore_event), then edited."""
    return event.status != event.Status.CANCELLED and is_in_charge_of(user, event)


def can_restore_event(user, event):
    """Undo a cancellation, while the event has a date to come."""
    if event.status != event.Status.CANCELLED or not is_in_charge_of(user, event):
        return False
    return event.last_ends_at is not None and event.last_ends_at > timezone.now()


def can_change_single_date(user, event):
    """Cancel, move or re-place one date of a recurring event (or restore it)."""
    return (
        event.status == event.Status.PUBLISHED
        and event.has_own_dates
        and is_in_charge_of(user, event)
    )


def can_cancel_event(user, event):
    return can_edit_event(user, event) and event.status == event.Status.PUBLISHED


def can_view_event(user, event):
    """Published and cancelled events are public; others only for their organiser and staff."""
    if event.is_public:
        return True
    return is_own_event(user, event) or can_moderate_events(user)


def can_approve_event(user, event):
    return can_moderate_events(user) and event.status == event.Status.SUBMITTED


def can_import_calendar(user):
    return can_participate(user) and (is_verified_association(user) or is_staff_member(user))


def can_manage_source(user, source):
    return can_import_calendar(user) and (source.owner_id == user.pk or user.is_superuser)


# Registrations. The organiser side follows who may edit the event (its organiser, a group's
# animators, Modération, Communication for the council's); anyone may register, members in one
# click, visitors with a confirmed address.


def can_manage_registrations(user, event):
    """Open or change registrations, see the attendees, export them, message them, mark
    attendance: the event's organisers and staff, on a published event."""
    return event.status == event.Status.PUBLISHED and can_edit_event(user, event)


def can_register(user, event):
    """Anyone may register to a published event whose registrations are open (a visitor by
    email); a member with an unconfirmed address confirms it first."""
    if event.status != event.Status.PUBLISHED:
        return False
    if not is_member(user):
        # A visitor's identity is an address confirmed by a link: enough unless staff ask more.
        return required_level(Action.REGISTER_EVENT) == Requirement.DECLARED
    return can_participate(user) and has_required_level(user, Action.REGISTER_EVENT)


def register_refusal(user):
    """Why a member may not register for lack of the level staff require, or None."""
    return level_refusal(user, Action.REGISTER_EVENT)


def can_register_in_one_click(user, event):
    return is_member(user) and can_register(user, event)
