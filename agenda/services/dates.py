"""One date at a time: cancel, move or re-place a single date of a recurring event, restore it;
and restore a whole event that was cancelled. Keyword-only, transactional, logged, versioned."""

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import DateChange, Event, EventChangeLog, Registration
from agenda.recurrence import event_instances
from agenda.services.events import _store_vevent, log_change
from agenda.services.occurrences import refresh_occurrences

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DateChangeError(ValidationError):
    """A change of one date refused, with the reason to show (nothing was saved)."""


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_rule_date(event: Event, recurrence_id: datetime) -> None:
    if recurrence_id <= timezone.now():
        raise DateChangeError(
            _("Cette date est passée : elle ne peut plus être annulée, déplacée ni rétablie."),
            code="past",
        )
    if not any(i.starts_at == recurrence_id for i in event_instances(event, until=recurrence_id)):
        raise DateChangeError(_("Cette date n'est pas au programme."), code="no_such_date")


def _saved(event: Event, editor: "User", note: str, fields: list[str]) -> None:
    event.sequence += 1
    event.save()
    refresh_occurrences(event)
    _store_vevent(event)
    log_change(event, EventChangeLog.Action.EDITED, editor, fields=fields, note=note)


@transaction.atomic
def change_date(
    *,
    event: Event,
    editor: "User",
    recurrence_id: datetime,
    cancel: bool = False,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    venue_name: str = "",
    venue_address: str = "",
    reason: str = "",
) -> DateChange:
    """Cancel the date the rule starts at `recurrence_id`, or move it, or hold it elsewhere.
    Registrations follow a moved date; those of a cancelled date are cancelled."""
    event = _locked(event)
    if not permissions.can_change_single_date(editor, event):
        raise PermissionDenied
    _check_rule_date(event, recurrence_id)
    if starts_at is not None and (ends_at is None or ends_at < starts_at):
        raise DateChangeError(_("La fin doit suivre le début."), code="ends_before_start")
    if starts_at is not None and starts_at <= timezone.now():
        raise DateChangeError(
            _("Une date ne peut pas être déplacée dans le passé."), code="moved_to_past"
        )
    change = DateChange.objects.filter(event=event, recurrence_id=recurrence_id).first()
    current_start = change.starts_at if change and change.starts_at else recurrence_id
    change = change or DateChange(event=event, recurrence_id=recurrence_id)
    change.cancelled = cancel
    change.starts_at = None if cancel else starts_at
    change.ends_at = None if cancel else ends_at
    change.venue_name = "" if cancel else venue_name.strip()
    change.venue_address = "" if cancel else venue_address.strip()
    change.reason = reason.strip()
    change.save()
    registrations = Registration.objects.for_date(event, current_start).active()
    if cancel:
        for registration in registrations.exclude(status=Registration.Status.PENDING):
            transaction.on_commit(partial(_tell_cancelled, registration))
        registrations.update(status=Registration.Status.CANCELLED, cancelled_at=timezone.now())
    elif starts_at is not None and starts_at != current_start:
        registrations.update(date=starts_at)
    label = timezone.localtime(recurrence_id).strftime("%d/%m/%Y %H:%M")
    note = (_("Date du %(date)s annulée") if cancel else _("Date du %(date)s modifiée")) % {
        "date": label
    }
    _saved(event, editor, f"{note}. {change.reason}".strip(". ") if change.reason else note, [])
    return change


def _tell_cancelled(registration: Registration) -> None:
    from agenda.services.registrations import send_registration_email

    send_registration_email(registration, "date_cancelled")


@transaction.atomic
def restore_date(*, event: Event, editor: "User", recurrence_id: datetime) -> None:
    """Undo the change of one date: it is held again as the rule gives it."""
    event = _locked(event)
    if not permissions.can_change_single_date(editor, event):
        raise PermissionDenied
    _check_rule_date(event, recurrence_id)
    change = DateChange.objects.filter(event=event, recurrence_id=recurrence_id).first()
    if change is None:
        return
    if change.starts_at:
        Registration.objects.for_date(event, change.starts_at).active().update(date=recurrence_id)
    change.delete()
    label = timezone.localtime(recurrence_id).strftime("%d/%m/%Y %H:%M")
    _saved(event, editor, _("Date du %(date)s rétablie") % {"date": label}, [])


@transaction.atomic
def restore_event(*, event: Event, editor: "User") -> Event:
    """Undo the cancellation of a whole event: published again, as it was."""
    event = _locked(event)
    if not permissions.can_restore_event(editor, event):
        raise PermissionDenied
    event.status = Event.Status.PUBLISHED
    event.cancellation_reason = ""
    event.sequence += 1
    event.save()
    _store_vevent(event)
    log_change(event, EventChangeLog.Action.RESTORED, editor)
    return event
