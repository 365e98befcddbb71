"""Calendars imported into the agenda: an uploaded file or a subscribed .ics address."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .event import Event


class CalendarSource(models.Model):
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

    class Meta:
        verbose_name = _("calendrier importé")
        verbose_name_plural = _("calendriers importés")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_subscription(self):
        return bool(self.url)
