"""Writes on events: create, edit, submit, approve, reject, cancel. Keyword-only, transactional.

Every change to an event that left the draft is logged (`EventChangeLog`), and every change to
a published one increments its SEQUENCE so that calendar software picks it up.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.images import ImageFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from agenda import ical, permissions
from agenda.models import Event, EventChangeLog
from agenda.recurrence import normalize_rrule
from agenda.services.occurrences import refresh_occurrences
from agenda.text import sanitize_description

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files import File

    from civic.models import CivicGroup

# Changing one of these recomputes the occurrences.
TIMING_FIELDS = {"starts_at", "ends_at", "all_day", "rrule", "exdates", "rdates"}
EDITABLE_FIELDS = {
    "title",
    "description",
    "image_alt",
    "category",
    *TIMING_FIELDS,
    "venue_name",
    "venue_address",
    "commune",
    "online_url",
    "is_free",
    "price",
    "registration_url",
    "more_info_url",
    *Event.ACCESSIBILITY_FIELDS,
    "accessibility_notes",
}


def _user_name(user: "User | None") -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def log_change(
    event: Event,
    action: str,
    user: "User | None" = None,
    *,
    fields: Iterable[str] = (),
    note: str = "",
) -> EventChangeLog:
    return EventChangeLog.objects.create(
        event=event,
        action=action,
        fields=sorted(fields),
        note=note,
        user=user,
        user_name=_user_name(user),
    )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if "description" in fields:
        fields["description"] = sanitize_description(fields["description"])
    if "rrule" in fields:
        fields["rrule"] = normalize_rrule(fields["rrule"])
    return fields


def store_image(upload: "File", *, title: str, user: "User | None" = None) -> Any:
    """A Wagtail image from an uploaded file, so editors find it in the admin's library."""
    image_model = get_image_model()
    image = image_model(title=title[:255], uploaded_by_user=user)
    image.file = ImageFile(upload, name=upload.name)
    # What Wagtail's own upload form records: the size, and the hash it finds duplicates by.
    image.file_size = image.file.size
    image.file_hash = hash_filelike(image.file)
    image.file.seek(0)
    image.save()
    return image


def _store_vevent(event: Event) -> None:
    """Keep the VEVENT of a public event for the feeds (they would rebuild it, once)."""
    if event.is_public:
        ical.store_vevents([event])


def _publication_status(user: "User") -> str:
    if permissions.can_publish_directly(user):
        return Event.Status.PUBLISHED
    return Event.Status.SUBMITTED


@transaction.atomic
def create_event(
    *,
    author: "User",
    organiser_kind: str = Event.OrganiserKind.PROFILE,
    organiser_group: "CivicGroup | None" = None,
    submit: bool = True,
    image_upload: "File | None" = None,
    **fields: Any,
) -> Event:
    """A new event by `author`: published at once, sent for review, or kept as a draft."""
    if not permissions.can_propose_event(author):
        raise PermissionDenied
    if organiser_kind == Event.OrganiserKind.COUNCIL and not permissions.can_organise_for_council(
        author
    ):
        raise PermissionDenied
    if organiser_kind == Event.OrganiserKind.GROUP and not permissions.can_organise_for_group(
        author, organiser_group
    ):
        raise PermissionDenied
    event = Event(organiser_kind=organiser_kind, created_by=author, **_clean(fields))
    if organiser_kind == Event.OrganiserKind.PROFILE:
        event.organiser_profile = author.profile
    elif organiser_kind == Event.OrganiserKind.GROUP:
        event.organiser_group = organiser_group
    if image_upload is not None:
        event.image = store_image(image_upload, title=event.title, user=author)
    now = timezone.now()
    if submit:
        event.status = _publication_status(author)
        event.submitted_at = now
        if event.status == Event.Status.PUBLISHED:
            event.published_at = now
    event.save()
    refresh_occurrences(event)
    _store_vevent(event)
    if event.status == Event.Status.PUBLISHED:
        log_change(event, EventChangeLog.Action.PUBLISHED, author)
    elif event.status == Event.Status.SUBMITTED:
        log_change(event, EventChangeLog.Action.SUBMITTED, author)
    return event


@transaction.atomic
def update_event(
    *,
    event: Event,
    editor: "User",
    submit: bool = False,
    image_upload: "File | None" = None,
    remove_image: bool = False,
    **fields: Any,
) -> Event:
    """Save an edit. A published event stays published; the change is logged and versioned."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_edit_event(editor, event):
        raise PermissionDenied
    fields = _clean(fields)
    changed = {name for name, value in fields.items() if getattr(event, name) != value}
    for name in changed:
        setattr(event, name, fields[name])
    if remove_image and event.image_id:
        event.image = None
        changed.add("image")
    if image_upload is not None:
        event.image = store_image(image_upload, title=event.title, user=editor)
        changed.add("image")
    action = EventChangeLog.Action.EDITED
    if submit and event.status in (Event.Status.DRAFT, Event.Status.REJECTED):
        event.status = _publication_status(editor)
        event.submitted_at = timezone.now()
        event.rejection_reason = ""
        if event.status == Event.Status.PUBLISHED:
            event.published_at = event.submitted_at
            action = EventChangeLog.Action.PUBLISHED
        else:
            action = EventChangeLog.Action.SUBMITTED
    elif not changed:
        return event
    if event.status == Event.Status.PUBLISHED:
        event.sequence += 1
    event.save()
    if changed & TIMING_FIELDS:
        refresh_occurrences(event)
    _store_vevent(event)
    if event.status != Event.Status.DRAFT:
        log_change(event, action, editor, fields=changed)
    return event


@transaction.atomic
def cancel_event(*, event: Event, editor: "User", reason: str = "") -> Event:
    """Cancel a published event: it stays listed, marked « Annulé », and feeds say CANCELLED."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_cancel_event(editor, event):
        raise PermissionDenied
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason.strip()
    event.sequence += 1
    event.save()
    _store_vevent(event)
    log_change(event, EventChangeLog.Action.CANCELLED, editor, note=event.cancellation_reason)
    return event


@transaction.atomic
def decide_event(*, event: Event, moderator: "User", approve: bool, reason: str = "") -> Event:
    """Modération approves or rejects a submitted event; the person who proposed it is told."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_approve_event(moderator, event):
        raise PermissionDenied
    if approve:
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
        event.rejection_reason = ""
        action = EventChangeLog.Action.APPROVED
    else:
        if not reason.strip():
            raise ValueError("A rejection needs a reason.")
        event.status = Event.Status.REJECTED
        event.rejection_reason = reason.strip()
        action = EventChangeLog.Action.REJECTED
    event.save()
    _store_vevent(event)
    log_change(event, action, moderator, note=reason.strip())
    transaction.on_commit(lambda: notify_decision(event, approved=approve))
    return event


def notify_decision(event: Event, *, approved: bool) -> None:
    recipient = event.created_by
    if recipient is None or not recipient.email:
        return
    context = {
        "event": event,
        "approved": approved,
        "person": recipient,
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    subject = render_to_string("agenda/emails/decision_subject.txt", context).strip()
    body = render_to_string("agenda/emails/decision_body.txt", context)
    send_mail(subject, body, None, [recipient.email])
