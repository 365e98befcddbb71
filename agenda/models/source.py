"""Calendars imported into the agenda: an uploaded file or a subscribed .ics address."""

from datetime import datetime, timedelta
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .event import Event


def stuck_before(now: datetime) -> datetime:
    """An import queued or started before this is taken as lost (the worker stopped)."""
    return now - timedelta(minutes=settings.AGENDA_IMPORT_STUCK_MINUTES)


class CalendarSourceQuerySet(models.QuerySet["CalendarSource"]):
    def free_to_import(self, now: datetime) -> Self:
        """Sources with no import queued or running (or only a lost one)."""
        return self.filter(
            Q(import_state=CalendarSource.ImportState.IDLE)
            | Q(import_queued_at__isnull=True)
            | Q(import_queued_at__lt=stuck_before(now))
        )

    def waiting_for_worker(self, now: datetime) -> Self:
        """Sources whose queued import a worker may start: queued (however long ago, the worker
        may have been stopped), or left running by a lost run. A task queued twice runs once."""
        return self.filter(
            Q(import_state=CalendarSource.ImportState.QUEUED)
            | Q(
                import_state=CalendarSource.ImportState.RUNNING,
                import_queued_at__lt=stuck_before(now),
            )
        )


class CalendarSource(models.Model):
    class ImportState(models.TextChoices):
        IDLE = "idle", _("Aucun import en cours")
        QUEUED = "queued", _("Import en attente")
        RUNNING = "running", _("Import en cours")

    class Outcome(models.TextChoices):
        NEVER = "never", _("Jamais importé")
        OK = "ok", _("Import réussi")
        PARTIAL = "partial", _("Import réussi, avec des événements refusés")
        FAILED = "failed", _("Échec de l'import")

    name = models.CharField(_("nom du calendrier"), max_length=200)
    url = models.URLField(
        _("adresse du calendrier (.ics)"),
        max_length=1000,
        blank=True,
        help_text=_("Vide pour un calendrier importé depuis un fichier."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        on_delete=models.CASCADE,
        related_name="calendar_sources",
    )
    organiser_kind = models.CharField(
        _("organisateur"),
        max_length=10,
        choices=Event.OrganiserKind,
        default=Event.OrganiserKind.PROFILE,
    )
    organiser_profile = models.ForeignKey(
        "civic.Profile",
        verbose_name=_("organisateur des événements"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_sources",
    )
    default_category = models.ForeignKey(
        "agenda.EventCategory",
        verbose_name=_("catégorie par défaut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_commune = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("commune par défaut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("actualisé automatiquement"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("dernière lecture"), null=True, blank=True)
    last_outcome = models.CharField(
        _("résultat"), max_length=10, choices=Outcome, default=Outcome.NEVER
    )
    last_report = models.JSONField(_("dernier compte rendu"), default=dict, blank=True)
    # Failed reads in a row: at FAILURES_BEFORE_PAUSE a subscription is paused, and its owner told.
    consecutive_failures = models.PositiveSmallIntegerField(_("échecs d'affilée"), default=0)
    # Whether one import ever succeeded: a calendar whose first imports all failed is forgotten
    # after FAILED_FIRST_KEPT_HOURS (forget_failed_first_imports), not kept as « Échec ».
    imported_once = models.BooleanField(_("déjà importé"), default=False)
    # The background import asked for (queued) or under way (running), and since when.
    import_state = models.CharField(
        _("import en cours"), max_length=10, choices=ImportState, default=ImportState.IDLE
    )
    import_queued_at = models.DateTimeField(_("import demandé le"), null=True, blank=True)

    objects = CalendarSourceQuerySet.as_manager()

    FAILURES_BEFORE_PAUSE = 5
    FAILED_FIRST_KEPT_HOURS = 24

    class Meta:
        verbose_name = _("calendrier importé")
        verbose_name_plural = _("calendriers importés")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_subscription(self):
        return bool(self.url)

    def _import_lost(self):
        return self.import_queued_at is None or self.import_queued_at < stuck_before(timezone.now())

    @property
    def is_importing(self):
        """An import is queued or running, and not so long ago that it must have been lost."""
        return self.import_state != self.ImportState.IDLE and not self._import_lost()

    @property
    def import_was_lost(self):
        """An import was asked for but never finished (the worker stopped): ask again."""
        return self.import_state != self.ImportState.IDLE and self._import_lost()


class CalendarUpload(models.Model):
    """An uploaded .ics file waiting for the background import; deleted once imported.

    Kept in the database rather than MEDIA: never served, and seen by a worker on another
    machine."""

    source = models.OneToOneField(
        CalendarSource, on_delete=models.CASCADE, related_name="pending_upload"
    )
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("fichier en attente d'import")
        verbose_name_plural = _("fichiers en attente d'import")

    def __str__(self):
        return str(self.source)
