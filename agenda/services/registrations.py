"""Writes on registrations: open them, register (members in one click, visitors confirmed by a
link), cancel (the first person waiting moves up), mark attendance, message the attendees,
remind, purge. Keyword-only and transactional.

Whoever changes who holds a place locks the event's opening row first (`select_for_update`):
two registrations for the last place are placed one after the other, never both.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import ical, permissions
from agenda.models import AttendeeMessage, Event, Occurrence, Registration, RegistrationOpening
from civic.common import ratelimit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

TOKEN_SALT = "agenda.registration"
CONFIRM = "confirm"
CANCEL = "cancel"
# A visitor's confirmation link is valid this long.
CONFIRM_MAX_AGE = timedelta(days=7)


class RegistrationError(ValidationError):
    """A registration refused, with the reason to show (nothing was saved)."""


# Tokens: the signed links of the emails.


def token_for(registration: Registration, purpose: str) -> str:
    return signing.dumps({"r": registration.pk, "p": purpose}, salt=TOKEN_SALT, compress=True)


def registration_from_token(token: str, purpose: str) -> Registration | None:
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
        if data["p"] != purpose:
            return None
        return Registration.objects.select_related("event").get(pk=data["r"])
    except (signing.BadSignature, KeyError, TypeError, Registration.DoesNotExist):
        return None


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def link(registration: Registration, purpose: str) -> str:
    name = "agenda:registration_confirm" if purpose == CONFIRM else "agenda:registration_cancel"
    return _base_url() + reverse(name, kwargs={"token": token_for(registration, purpose)})


# Reading places.


def date_key(date: datetime) -> str:
    """A date in an address: its start in UTC, 20270330T120000Z."""
    return date.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_date_key(key: str) -> datetime | None:
    try:
        return datetime.strptime(key, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def registered_counts(event: Event, dates: Iterable[datetime]) -> dict[datetime, int]:
    """How many hold a place on each of `dates`: one query."""
    rows = (
        Registration.objects.filter(event=event, date__in=list(dates))
        .holding_place()
        .values("date")
        .annotate(n=Count("pk"))
    )
    return {row["date"]: row["n"] for row in rows}


def is_date_of(event: Event, date: datetime) -> bool:
    return Occurrence.objects.filter(event=event, starts_at=date, cancelled=False).exists()


def registration_dates(
    event: Event, opening: RegistrationOpening | None, user: Any, *, limit: int = 10
) -> list[dict[str, Any]]:
    """The dates to come on the event's page: places left, and the visitor's own registration."""
    if opening is None:
        return []
    now = timezone.now()
    dates = list(
        event.occurrences.filter(starts_at__gt=now, cancelled=False)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)[:limit]
    )
    counts = registered_counts(event, dates)
    mine = {}
    if user.is_authenticated:
        mine = {
            r.date: r
            for r in Registration.objects.of_user(user).active().filter(event=event, date__in=dates)
        }
    return [
        {
            "date": date,
            "key": date_key(date),
            "left": max(0, opening.capacity - counts.get(date, 0)),
            "accepts": opening.accepts_at(date, now),
            "mine": mine.get(date),
            "cancel_token": token_for(mine[date], CANCEL) if date in mine else "",
        }
        for date in dates
    ]


# The organiser's side.


def _clean_questions(questions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for question in questions:
        label = str(question.get("label", "")).strip()[:200]
        if label:
            cleaned.append({"label": label, "required": bool(question.get("required"))})
    return cleaned


@transaction.atomic
def open_registrations(
    *,
    event: Event,
    editor: "User",
    capacity: int,
    closes_at: datetime | None = None,
    reminder_days: int = 1,
    questions: Iterable[dict[str, Any]] = (),
    is_open: bool = True,
) -> RegistrationOpening:
    """Open registrations on `event` (each of its dates), or change them. A capacity below the
    people already registered on a date to come is refused; a larger one moves people up."""
    if not permissions.can_manage_registrations(editor, event):
        raise PermissionDenied
    if capacity < 1:
        raise RegistrationError(_("Indiquez au moins une place."), code="capacity")
    opening = RegistrationOpening.objects.select_for_update().filter(
        event=event
    ).first() or RegistrationOpening(event=event, capacity=capacity)
    now = timezone.now()
    busiest = (
        Registration.objects.filter(event=event, date__gt=now)
        .holding_place()
        .values("date")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest and busiest["n"] > capacity:
        raise RegistrationError(
            _(
                "%(count)s personnes sont déjà inscrites à une date : le nombre de places ne "
                "peut pas descendre en dessous. Annulez d'abord des inscriptions si besoin."
            )
            % {"count": busiest["n"]},
            code="capacity_below_registered",
        )
    opening.capacity = capacity
    opening.closes_at = closes_at
    opening.reminder_days = reminder_days
    opening.questions = _clean_questions(questions)
    opening.is_open = is_open
    opening.save()
    waiting_dates = (
        Registration.objects.filter(event=event, date__gt=now)
        .waiting()
        .values_list("date", flat=True)
        .distinct()
    )
    for date in list(waiting_dates):
        _promote(opening, date)
    return opening


def _promote(opening: RegistrationOpening, date: datetime) -> list[Registration]:
    """Move up the first people waiting for `date` while there are places (opening locked)."""
    held = Registration.objects.for_date(opening.event, date).holding_place().count()
    free = opening.capacity - held
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.for_date(opening.event, date)
        .waiting()
        .order_by("confirmed_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        transaction.on_commit(partial(send_registration_email, registration, "promoted"))
    return promoted


def _locked_opening(event: Event) -> RegistrationOpening:
    opening = RegistrationOpening.objects.select_for_update().filter(event=event).first()
    if opening is None:
        raise RegistrationError(
            _("Les inscriptions ne sont pas ouvertes pour cet événement."), code="not_open"
        )
    return opening


def _check_can_register(opening: RegistrationOpening, event: Event, date: datetime) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise RegistrationError(
            _("Cet événement n'est plus ouvert aux inscriptions."), code="not_published"
        )
    if not is_date_of(event, date):
        raise RegistrationError(_("Cette date n'est pas au programme."), code="no_such_date")
    if not opening.accepts_at(date):
        raise RegistrationError(_("Les inscriptions à cette date sont closes."), code="closed")


def _check_answers(opening: RegistrationOpening, answers: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for question in opening.questions:
        answer = str(answers.get(question["label"], "")).strip()[:500]
        if question["required"] and not answer:
            raise RegistrationError(
                _("Répondez à la question « %(label)s ».") % {"label": question["label"]},
                code="answer_required",
            )
        cleaned[question["label"]] = answer
    return cleaned


def _place(opening: RegistrationOpening, registration: Registration) -> None:
    """Give `registration` a place, or a rank on the waiting list (opening locked)."""
    held = Registration.objects.for_date(opening.event, registration.date).holding_place().count()
    registration.status = (
        Registration.Status.REGISTERED if held < opening.capacity else Registration.Status.WAITING
    )
    registration.confirmed_at = timezone.now()


def _already() -> RegistrationError:
    return RegistrationError(
        _("Cette adresse est déjà inscrite à cette date. Le courriel reçu permet de l'annuler."),
        code="already_registered",
    )


def register_member(
    *, event: Event, date: datetime, user: "User", answers: dict[str, str] | None = None
) -> Registration:
    """One click: a member registers with their account's name and address."""
    if not permissions.can_register_in_one_click(user, event):
        raise PermissionDenied
    try:
        with transaction.atomic():
            opening = _locked_opening(event)
            _check_can_register(opening, event, date)
            cleaned = _check_answers(opening, answers or {})
            email = user.email.strip().lower()
            if (
                Registration.objects.for_date(event, date)
                .active()
                .filter(Q(user=user) | Q(email=email))
                .exists()
            ):
                raise _already()
            registration = Registration(
                event=event,
                date=date,
                user=user,
                name=user.get_full_name() or user.get_username(),
                email=email,
                answers=cleaned,
            )
            _place(opening, registration)
            registration.save()
            transaction.on_commit(lambda: send_registration_email(registration, "confirmed"))
    except IntegrityError:
        raise _already() from None
    return registration


def register_visitor(
    *,
    event: Event,
    date: datetime,
    name: str,
    email: str,
    answers: dict[str, str] | None = None,
) -> Registration:
    """A visitor without an account: kept pending until they follow the emailed link."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            opening = _locked_opening(event)
            _check_can_register(opening, event, date)
            cleaned = _check_answers(opening, answers or {})
            existing = Registration.objects.for_date(event, date).active().filter(email=email)
            # An unconfirmed registration is replaced: the person asks for a new link.
            existing.filter(status=Registration.Status.PENDING).delete()
            if existing.exists():
                raise _already()
            registration = Registration.objects.create(
                event=event, date=date, name=name.strip()[:150], email=email, answers=cleaned
            )
            transaction.on_commit(lambda: send_registration_email(registration, "confirm"))
    except IntegrityError:
        raise _already() from None
    return registration


@transaction.atomic
def confirm_registration(*, registration: Registration) -> Registration:
    """The visitor followed the link: a place, or a rank on the waiting list."""
    opening = _locked_opening(registration.event)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration  # the link followed twice
    _check_can_register(opening, registration.event, registration.date)
    _place(opening, registration)
    registration.save(update_fields=["status", "confirmed_at"])
    transaction.on_commit(lambda: send_registration_email(registration, "confirmed"))
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel (from the email's link or the event's page): the first waiting moves up."""
    opening = (
        RegistrationOpening.objects.select_for_update()
        .filter(event_id=registration.event_id)
        .first()
    )
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if not registration.is_active:
        return registration
    if registration.date <= timezone.now():
        raise RegistrationError(
            _("Cette date est passée : l'inscription ne peut plus être annulée."), code="past"
        )
    held_place = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if held_place and opening is not None:
        _promote(opening, registration.date)
    return registration


@transaction.atomic
def mark_attendance(*, event: Event, date: datetime, editor: "User", present: Iterable[int]) -> int:
    """The organiser ticks who came: everyone registered to the date is marked, present or not."""
    if not permissions.can_manage_registrations(editor, event):
        raise PermissionDenied
    present = set(present)
    registered = Registration.objects.for_date(event, date).holding_place()
    registered.filter(pk__in=present).update(attended=True)
    registered.exclude(pk__in=present).update(attended=False)
    return registered.filter(pk__in=present).count()


class MessagingTooFast(RegistrationError):
    pass


@transaction.atomic
def message_attendees(
    *, event: Event, date: datetime, sender: "User", subject: str, body: str
) -> AttendeeMessage:
    """Email the people registered to `date` (not those waiting); logged, and rate-limited."""
    if not permissions.can_manage_registrations(sender, event):
        raise PermissionDenied
    if not ratelimit.hit(
        "attendee-messages", f"{event.pk}:{date_key(date)}", settings.AGENDA_ATTENDEE_MESSAGE_RATE
    ):
        raise MessagingTooFast(
            _(
                "Trop de messages envoyés aux participants de cette date : réessayez demain. "
                "Votre message n'a pas été perdu, il est toujours dans le formulaire."
            ),
            code="rate_limited",
        )
    recipients = list(
        Registration.objects.for_date(event, date).holding_place().values_list("email", flat=True)
    )
    message = AttendeeMessage.objects.create(
        event=event,
        date=date,
        sender=sender,
        subject=subject.strip()[:150],
        body=body.strip(),
        recipients=len(recipients),
    )
    full_subject = f"[{event.title}] {message.subject}"
    mails = [(full_subject, message.body, None, [email]) for email in recipients]
    transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return message


# Emails.


def send_registration_email(registration: Registration, kind: str) -> None:
    """kind: "confirm" (the visitor's link), "confirmed", "promoted", "reminder"."""
    registration = Registration.objects.select_related("event__commune").get(pk=registration.pk)
    context = {
        "registration": registration,
        "event": registration.event,
        "kind": kind,
        "event_url": _base_url() + registration.event.get_absolute_url(),
        "confirm_url": link(registration, CONFIRM) if kind == "confirm" else "",
        "cancel_url": link(registration, CANCEL),
    }
    subject = render_to_string("agenda/emails/registration_subject.txt", context).strip()
    body = render_to_string("agenda/emails/registration_body.txt", context)
    message = EmailMessage(subject, body, None, [registration.email])
    if kind != "confirm" and registration.status == Registration.Status.REGISTERED:
        message.attach("evenement.ics", ical.registration_ics(registration), ical.CONTENT_TYPE)
    message.send()


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the people registered to a date starting within its opening's reminder delay
    (`manage.py send_registration_reminders`, run hourly from cron)."""
    now = now or timezone.now()
    due = (
        Registration.objects.holding_place()
        .filter(reminded_at__isnull=True, date__gt=now, event__status=Event.Status.PUBLISHED)
        .filter(event__registration_opening__reminder_days__gt=0)
        .select_related("event__registration_opening")
    )
    sent = 0
    for registration in due.filter(date__lte=now + timedelta(days=31)).iterator():
        days = registration.event.registration_opening.reminder_days
        if registration.date - now > timedelta(days=days):
            continue
        updated = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if updated:
            send_registration_email(registration, "reminder")
            sent += 1
    return sent


def cancel_future_registrations_of(*, user: "User | AnonymousUser") -> None:
    """An account deleted: its places to come are freed for the people waiting."""
    for registration in Registration.objects.of_user(user).active().filter(date__gt=timezone.now()):
        cancel_registration(registration=registration)


def answers_columns(opening: RegistrationOpening | None) -> Sequence[str]:
    return [q["label"] for q in opening.questions] if opening else []
