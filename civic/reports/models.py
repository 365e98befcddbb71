"""Street reports (« signalements ») : what is wrong in the street, sent to the council's service
in charge, followed publicly until resolved. Distinct from civic.moderation's reports of posts.

A report always has a point (latitude, longitude) and its commune. Distances are computed in SQL
portable to SQLite and PostgreSQL: a bounding box in degrees on the indexed coordinates first,
then the exact distance in Python on the few rows left (see `StreetReportQuerySet.near`).
"""

import math
from datetime import timedelta
from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.territories.models import Territory

METRES_PER_DEGREE_LAT = 111_320.0


class StreetReportService(models.Model):
    """A council service that handles reports (voirie, éclairage, propreté…), with its agents."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent·es"),
        blank=True,
        related_name="street_report_services",
    )

    class Meta:
        verbose_name = _("service de signalements")
        verbose_name_plural = _("services de signalements")
        ordering = ["name"]
        permissions = [
            ("manage_street_reports", _("Gérer tous les signalements")),
            ("handle_street_reports", _("Traiter les signalements de ses services")),
        ]

    def __str__(self):
        return self.name


class StreetReportCategory(models.Model):
    """A kind of problem, routed to one service, optionally on part of the territory only."""

    name = models.CharField(_("nom"), max_length=120)
    description = models.CharField(_("précisions"), max_length=300, blank=True)
    service = models.ForeignKey(
        StreetReportService,
        verbose_name=_("service en charge"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire couvert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vide : tout le territoire du portail."),
    )
    target_days = models.PositiveSmallIntegerField(_("délai cible de réponse (jours)"), default=7)
    active = models.BooleanField(_("proposée aux habitant·es"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("catégorie de signalement")
        verbose_name_plural = _("catégories de signalement")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class StreetReportQuerySet(models.QuerySet["StreetReport"]):
    def public(self) -> Self:
        return self.filter(hidden=False)

    def open(self) -> Self:
        return self.exclude(status__in=StreetReport.CLOSED)

    def in_box(self, *, south: float, west: float, north: float, east: float) -> Self:
        return self.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )

    def around(self, latitude: float, longitude: float, metres: float) -> Self:
        """Reports within the bounding box of a circle: a prefilter, exact check in `near`."""
        dlat = metres / METRES_PER_DEGREE_LAT
        dlon = metres / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(latitude)), 0.01))
        return self.in_box(
            south=latitude - dlat,
            north=latitude + dlat,
            west=longitude - dlon,
            east=longitude + dlon,
        )

    def for_service(self, service: StreetReportService | int) -> Self:
        return self.filter(category__service=service)

    def overdue(self, now=None) -> Self:
        """Received and not yet taken in charge past their category's target time."""
        now = now or timezone.now()
        return self.filter(status=StreetReport.Status.RECEIVED, response_due_at__lt=now)


class StreetReport(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Reçu")
        TAKEN = "taken", _("Pris en charge")
        PLANNED = "planned", _("Planifié")
        RESOLVED = "resolved", _("Résolu")
        REJECTED = "rejected", _("Rejeté")

    class RejectReason(models.TextChoices):
        NOT_COMPETENT = "not_competent", _("Hors de nos compétences")
        DUPLICATE = "duplicate", _("Déjà signalé")
        PRIVATE_PROPERTY = "private_property", _("Propriété privée")
        OTHER = "other", _("Autre raison")

    CLOSED = (Status.RESOLVED, Status.REJECTED)

    category = models.ForeignKey(
        StreetReportCategory,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    commune = models.ForeignKey(
        Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # Without a point (no JavaScript, an address typed), the commune's centre, flagged approximate;
    # none at all where the portal ships no outlines.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    approximate = models.BooleanField(_("emplacement approximatif"), default=False)
    address = models.CharField(_("adresse ou repère"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=1000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="street_reports",
    )
    anonymous = models.BooleanField(_("anonyme pour le public"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.RECEIVED)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)
    response_due_at = models.DateTimeField(_("réponse attendue avant"), null=True, blank=True)
    planned_for = models.DateField(_("intervention prévue le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)
    # Whole days from receipt to resolution, kept for the statistics' medians (SQL-portable).
    days_to_resolve = models.PositiveIntegerField(
        _("jours avant résolution"), null=True, blank=True
    )
    reject_reason = models.CharField(
        _("motif du rejet"), max_length=20, choices=RejectReason, blank=True
    )
    public_reason = models.TextField(_("explication publique"), max_length=1000, blank=True)
    responsible_authority = models.CharField(_("autorité compétente"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("doublon de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent·e en charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmations_count = models.PositiveIntegerField(_("confirmations"), default=0)
    # Moderation: a hidden report is shown to nobody but staff, agents and its reporter.
    hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)

    objects = StreetReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement de rue")
        verbose_name_plural = _("signalements de rue")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="streetreport_point"),
            models.Index(fields=["hidden", "status", "created_at"], name="streetreport_list"),
            models.Index(fields=["commune", "created_at"], name="streetreport_commune"),
            models.Index(fields=["category", "status"], name="streetreport_category"),
        ]

    def __str__(self):
        return f"{self.category.name} — {self.commune.name} ({self.created_at:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.status == self.Status.RECEIVED
            and self.response_due_at is not None
            and self.response_due_at < now
        )

    def can_reopen_until(self):
        return self.resolved_at + timedelta(days=30) if self.resolved_at else None


def photo_path(instance, filename):
    return f"signalements/{instance.report_id}/{filename}"


class StreetReportPhoto(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Photo du signalement")
        RESOLUTION = "resolution", _("Photo après intervention")

    report = models.ForeignKey(StreetReport, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.REPORT)
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(_("masquée"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo de signalement")
        verbose_name_plural = _("photos de signalement")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class StreetReportConfirmation(models.Model):
    """« Je confirme » : someone else sees the same problem; they follow the report."""

    report = models.ForeignKey(StreetReport, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="street_confirmations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="streetconfirmation_unique")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.report_id}"


class StreetReportEvent(models.Model):
    """The public history of a report: each status with its date, and what was said then."""

    report = models.ForeignKey(StreetReport, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=StreetReport.Status)
    text = models.TextField(max_length=1000, blank=True)
    planned_for = models.DateField(null=True, blank=True)
    reopened = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.status} ({self.at:%d/%m/%Y})"


class StreetReportNote(models.Model):
    """An internal note between agents: never shown to the public nor to the reporter."""

    report = models.ForeignKey(StreetReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    text = models.TextField(_("note interne"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"
