"""Registrations to an event's dates: the organiser's opening (capacity, questions, closing),
each person's registration, and the messages sent to the attendees of a date.

A registration belongs to one date of the event, named by its start (`date`), not to an
`Occurrence` row: occurrences are rebuilt whenever the event's timing changes. The opening row
is the capacity row: every change to who holds a place locks it (`select_for_update`), so that
concurrent registrations never overbook.
"""

from datetime import datetime, timedelta
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models.event import Event


class RegistrationOpening(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="registration_opening"
    )
    is_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), help_text=_("Par date, pour un événement qui se répète.")
    )
    closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : jusqu'au début de chaque date."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("rappel, jours avant"),
        default=1,
        help_text=_("Le rappel part ce nombre de jours avant la date ; 0 : pas de rappel."),
    )
    # [{"label": "Nombre d'enfants", "required": true}, …]
    questions = models.JSONField(_("questions aux participants"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ouverture des inscriptions")
        verbose_name_plural = _("ouvertures des inscriptions")

    def __str__(self):
        return f"{self.event} — {self.capacity}"

    def accepts_at(self, date: datetime, now: datetime | None = None) -> bool:
        """Whether a registration for the date starting at `date` is accepted at `now`."""
        now = now or timezone.now()
        if not self.is_open or date <= now:
            return False
        return self.closes_at is None or now < self.closes_at


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_place(self) -> Self:
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self) -> Self:
        return self.filter(status=Registration.Status.WAITING)

    def active(self) -> Self:
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def for_date(self, event: Event, date: datetime) -> Self:
        return self.filter(event=event, date=date)

    def of_user(self, user) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def to_purge(self, now: datetime | None = None) -> Self:
        """Visitors' registrations whose date ended more than the retention period ago, and
        unconfirmed ones left for more than a week (GDPR: agenda/privacy.py)."""
        now = now or timezone.now()
        ended = now - timedelta(days=settings.AGENDA_REGISTRATION_RETENTION_DAYS)
        return self.filter(
            models.Q(user__isnull=True, date__lt=ended)
            | models.Q(status=Registration.Status.PENDING, created_at__lt=now - timedelta(days=7))
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Adresse à confirmer")
        REGISTERED = "registered", _("Inscrit")
        WAITING = "waiting", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Annulé")

    ACTIVE_STATUSES = (Status.PENDING, Status.REGISTERED, Status.WAITING)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    date = models.DateTimeField(_("date"))
    # A member; a visitor without an account has only a name and an address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"), max_length=254)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.PENDING)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the person's place or rank was settled: the waiting list's order.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["date", "confirmed_at", "pk"]
        indexes = [
            models.Index(fields=["event", "date", "status"], name="registration_date_status"),
            models.Index(fields=["date"], name="registration_date"),
        ]
        constraints = [
            # One active registration a person and a date (a second one is refused).
            models.UniqueConstraint(
                fields=["event", "date", "email"],
                condition=models.Q(status__in=["pending", "registered", "waiting"]),
                name="registration_once_per_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.event} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES


class AttendeeMessage(models.Model):
    """A message an organiser sent to the attendees of one date: kept as a log."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendee_messages")
    date = models.DateTimeField(_("date"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("message"))
    recipients = models.PositiveIntegerField(_("destinataires"), default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message aux participants")
        verbose_name_plural = _("messages aux participants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
