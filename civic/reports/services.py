"""Writing street reports: sending one, confirming it, handling it in its service, moderating it.

Every change of status writes a public event (its date and what was said) and tells the
reporter and the confirmers through civic's notification queue (daily digest rules).
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.common import ratelimit
from civic.dialogue.models.notifications import Notification
from civic.reports.models import (
    StreetReport,
    StreetReportCategory,
    StreetReportConfirmation,
    StreetReportEvent,
    StreetReportNote,
    StreetReportPhoto,
)
from civic.territories.outlines import distance_m

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civic.territories.models import Territory

DUPLICATE_RADIUS_M = 50
REOPEN_DAYS = 30
Status = StreetReport.Status


def possible_duplicates(
    *,
    category: StreetReportCategory,
    latitude: float,
    longitude: float,
    exclude_pk: int | None = None,
) -> list[StreetReport]:
    """Open public reports of the same category within 50 m, nearest first."""
    candidates = (
        StreetReport.objects.public()
        .open()
        .filter(category=category)
        .around(latitude, longitude, DUPLICATE_RADIUS_M)
        .select_related("category", "commune")
        .exclude(pk=exclude_pk or 0)[:50]
    )
    near = [
        (distance_m(latitude, longitude, r.latitude, r.longitude), r)
        for r in candidates
        if r.latitude is not None and r.longitude is not None
    ]
    return [r for d, r in sorted(near, key=lambda pair: pair[0]) if d <= DUPLICATE_RADIUS_M]


def _name(user: "User | None") -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or user.get_username()


def _followers(report: StreetReport) -> set[int]:
    ids = set(report.confirmations.values_list("user_id", flat=True))
    if report.reporter_id:
        ids.add(report.reporter_id)
    return ids


def _notify(report: StreetReport, *, actor: "User | None") -> list[Notification]:
    recipients = _followers(report) - ({actor.pk} if actor is not None else set())
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.STREET_REPORT,
                delivery=Notification.Delivery.DIGEST,
                street_report=report,
            )
            for user_id in sorted(recipients)
        ]
    )


def _event(report: StreetReport, *, text: str = "", reopened: bool = False) -> StreetReportEvent:
    return StreetReportEvent.objects.create(
        report=report,
        status=report.status,
        text=text,
        planned_for=report.planned_for,
        reopened=reopened,
        at=report.status_changed_at,
    )


def _attach_photo(report: StreetReport, content: ContentFile, kind: str) -> StreetReportPhoto:
    photo = StreetReportPhoto(report=report, kind=kind)
    photo.image.save((content.name or "photo.jpg").rsplit("/", 1)[-1], content, save=False)
    photo.save()
    return photo


class ReportingTooFast(ValidationError):
    """Too many reports in a short time from one account: nothing was saved."""


def check_rate(user: "User") -> None:
    if not ratelimit.hit("street-reports", user.pk, settings.CIVIC_STREET_REPORT_RATE):
        raise ReportingTooFast(
            _(
                "Vous avez envoyé beaucoup de signalements en peu de temps : patientez avant "
                "d'envoyer celui-ci. Rien n'a été perdu, il est toujours dans le formulaire."
            ),
            code="rate_limited",
        )


@transaction.atomic
def create_report(
    *,
    user: "User",
    category: StreetReportCategory,
    commune: "Territory",
    latitude: float | None,
    longitude: float | None,
    approximate: bool = False,
    address: str = "",
    description: str,
    anonymous: bool = False,
    pending_photos: list[str] = (),  # type: ignore[assignment]
) -> StreetReport:
    check_rate(user)
    now = timezone.now()
    report = StreetReport.objects.create(
        category=category,
        commune=commune,
        latitude=latitude,
        longitude=longitude,
        approximate=approximate,
        address=address,
        description=description,
        reporter=user,
        anonymous=anonymous,
        created_at=now,
        status_changed_at=now,
        response_due_at=now + timedelta(days=category.target_days),
    )
    _event(report)
    for name in pending_photos[:3]:
        with default_storage.open(name, "rb") as file:
            content = ContentFile(file.read(), name=name)
        _attach_photo(report, content, StreetReportPhoto.Kind.REPORT)
        transaction.on_commit(partial(default_storage.delete, name))
    return report


@transaction.atomic
def confirm(*, user: "User", report: StreetReport) -> bool:
    """« Je confirme » : adds weight once per person, who then follows the report."""
    if report.reporter_id == user.pk:
        return False
    _confirmation, created = StreetReportConfirmation.objects.get_or_create(
        report=report, user=user
    )
    if created:
        StreetReport.objects.filter(pk=report.pk).update(
            confirmations_count=F("confirmations_count") + 1
        )
        report.confirmations_count += 1
    return created


@transaction.atomic
def change_status(
    *,
    user: "User",
    report: StreetReport,
    status: str,
    text: str = "",
    planned_for: date | None = None,
    resolution_photo: ContentFile | None = None,
    reject_reason: str = "",
    responsible_authority: str = "",
    duplicate_of: StreetReport | None = None,
) -> StreetReport:
    """Move a report to a new public status; each status asks for what the public must know."""
    if status == Status.PLANNED and planned_for is None:
        raise ValidationError(_("Indiquez la date prévue de l'intervention."))
    if status == Status.RESOLVED and resolution_photo is None:
        raise ValidationError(_("Joignez une photo après l'intervention."))
    if status == Status.REJECTED:
        if not reject_reason:
            raise ValidationError(_("Choisissez le motif du rejet."))
        if reject_reason == StreetReport.RejectReason.NOT_COMPETENT and not responsible_authority:
            raise ValidationError(
                _("Indiquez l'autorité compétente, pour que l'habitant·e sache à qui s'adresser.")
            )
        if reject_reason == StreetReport.RejectReason.DUPLICATE and (
            duplicate_of is None or duplicate_of.pk == report.pk
        ):
            raise ValidationError(_("Indiquez le signalement dont celui-ci est le doublon."))
        if (
            reject_reason
            in (StreetReport.RejectReason.PRIVATE_PROPERTY, StreetReport.RejectReason.OTHER)
            and not text
        ):
            raise ValidationError(_("Expliquez le rejet : l'explication sera publique."))
    now = timezone.now()
    report.status = status
    report.status_changed_at = now
    if status == Status.PLANNED:
        report.planned_for = planned_for
    if status == Status.RESOLVED:
        assert resolution_photo is not None  # checked above
        report.resolved_at = now
        report.days_to_resolve = (now - report.created_at).days
        _attach_photo(report, resolution_photo, StreetReportPhoto.Kind.RESOLUTION)
    if status == Status.REJECTED:
        report.reject_reason = reject_reason
        report.public_reason = text
        report.responsible_authority = responsible_authority
        report.duplicate_of = (
            duplicate_of if reject_reason == StreetReport.RejectReason.DUPLICATE else None
        )
        report.resolved_at = now
    if status == Status.TAKEN and report.assigned_to_id is None:
        report.assigned_to = user
    report.save()
    _event(report, text=text)
    _notify(report, actor=user)
    return report


def can_still_reopen(report: StreetReport, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        report.status in StreetReport.CLOSED
        and report.resolved_at is not None
        and now <= report.resolved_at + timedelta(days=REOPEN_DAYS)
    )


@transaction.atomic
def reopen(*, user: "User", report: StreetReport, text: str) -> StreetReport:
    """The problem is back within 30 days: received again, with what the person says."""
    if not can_still_reopen(report):
        raise ValidationError(_("Ce signalement ne peut plus être rouvert : faites-en un nouveau."))
    now = timezone.now()
    report.status = Status.RECEIVED
    report.status_changed_at = now
    report.resolved_at = None
    report.days_to_resolve = None
    report.planned_for = None
    report.reject_reason = ""
    report.response_due_at = now + timedelta(days=report.category.target_days)
    report.save()
    _event(report, text=text, reopened=True)
    _notify(report, actor=user)
    return report


def assign(*, user: "User", reports: Iterable[StreetReport], agent: "User | None") -> int:
    """Give reports to an agent of their service (None: to nobody)."""
    return StreetReport.objects.filter(pk__in=[r.pk for r in reports]).update(assigned_to=agent)


def add_note(*, user: "User", report: StreetReport, text: str) -> StreetReportNote:
    return StreetReportNote.objects.create(
        report=report, author=user, author_name=_name(user), text=text
    )


def hide_photo(*, user: "User", photo: StreetReportPhoto, reason: str) -> StreetReportPhoto:
    """A face, a number plate…: the photo is kept for staff but no longer shown."""
    photo.hidden = True
    photo.hidden_reason = reason
    photo.save(update_fields=["hidden", "hidden_reason"])
    return photo


def show_photo(*, user: "User", photo: StreetReportPhoto) -> StreetReportPhoto:
    photo.hidden = False
    photo.hidden_reason = ""
    photo.save(update_fields=["hidden", "hidden_reason"])
    return photo


def hide_report(*, user: "User", report: StreetReport, reason: str) -> StreetReport:
    """Moderation of an abusive description: hidden from the public, kept for staff."""
    report.hidden = True
    report.hidden_reason = reason
    report.save(update_fields=["hidden", "hidden_reason"])
    return report


def restore_report(*, user: "User", report: StreetReport) -> StreetReport:
    report.hidden = False
    report.hidden_reason = ""
    report.save(update_fields=["hidden", "hidden_reason"])
    return report
