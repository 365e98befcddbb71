"""One date of a recurring event changed on its own: cancelled, moved, or held elsewhere.

The date is named by its start as the rule gives it (`recurrence_id`, iCalendar's RECURRENCE-ID);
the feed writes each change as an overriding VEVENT, and the occurrences carry it (agenda.
services.occurrences). Deleting the change restores the date as the rule gives it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.event import Event


class DateChange(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="date_changes")
    recurrence_id = models.DateTimeField(_("date d'origine"))
    cancelled = models.BooleanField(_("annulée"), default=False)
    starts_at = models.DateTimeField(_("nouveau début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("nouvelle fin"), null=True, blank=True)
    venue_name = models.CharField(_("autre lieu"), max_length=200, blank=True)
    venue_address = models.CharField(_("autre adresse"), max_length=300, blank=True)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("date modifiée")
        verbose_name_plural = _("dates modifiées")
        ordering = ["recurrence_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recurrence_id"], name="date_change_once"),
        ]

    def __str__(self):
        return f"{self.event} — {self.recurrence_id:%Y-%m-%d %H:%M}"

    @property
    def is_moved(self):
        return self.starts_at is not None
