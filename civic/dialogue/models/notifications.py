"""The email queue: one row per thing to tell someone, marked sent only once the email left."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unsent(self) -> Self:
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_DISCUSSION = "new_discussion", _("Nouvelle discussion")
        REPLY = "reply", _("Nouvelle réponse")
        DECISION = "decision", _("Décision de modération")
        MEMBERSHIP = "membership", _("Adhésion acceptée")
        STREET_REPORT = "street_report", _("Suivi d'un signalement")

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immédiat")
        DIGEST = "digest", _("Résumé quotidien")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    delivery = models.CharField(max_length=10, choices=Delivery)
    group = models.ForeignKey(
        "civic.CivicGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    discussion = models.ForeignKey(
        "civic.Discussion", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "civic.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        "civic.ModerationDecision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    street_report = models.ForeignKey(
        "civic.StreetReport", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["delivery", "sent_at", "recipient"], name="notification_queue")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}"
