"""One row per thing to tell someone: shown in-site (read_at once seen) and sent by email (sent_at
only once the email left)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unsent(self) -> Self:
        return self.filter(sent_at__isnull=True)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)

    def inbox(self, user) -> Self:
        """A member's in-site notifications, newest first, but those about content hidden or
        deleted since."""
        about_content = models.Q(kind__in=CONTENT_KINDS)
        still_there = models.Q(
            post__state="published",
            post__deleted_by_author=False,
            discussion__is_hidden=False,
            group__is_hidden=False,
        )
        return (
            self.filter(recipient=user.pk)
            .exclude(about_content & ~still_there)
            .order_by("-created_at", "-pk")
        )


# Kinds about a post, shown only while the post may still be read.
CONTENT_KINDS = ("new_discussion", "reply", "mention")


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_DISCUSSION = "new_discussion", _("Nouvelle discussion")
        REPLY = "reply", _("Nouvelle réponse")
        DECISION = "decision", _("Décision de modération")
        MEMBERSHIP = "membership", _("Adhésion acceptée")
        MENTION = "mention", _("Mention")
        OFFICIAL_ANSWER = "official_answer", _("Réponse officielle")
        ANSWER_UPDATE = "answer_update", _("Suivi d'une réponse officielle")
        PROPOSAL = "proposal", _("Suivi d'une proposition")
        STREET_REPORT = "street_report", _("Suivi d'un signalement")

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immédiat")
        DIGEST = "digest", _("Résumé quotidien")
        # Shown on the site only: the member asked for no email from that group.
        IN_SITE = "in_site", _("Sur le site seulement")

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
    # Kinds about something other than a post (an official answer and its follow-up): what the
    # email names and links to, as they were when it happened.
    title = models.CharField(max_length=300, blank=True)
    summary = models.TextField(max_length=4000, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # A step in the « suivi » of a proposal someone supports or follows.
    proposal_update = models.ForeignKey(
        "civic.ProposalUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A change of a street report someone made or confirmed.
    street_report = models.ForeignKey(
        "civic.StreetReport", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["delivery", "sent_at", "recipient"], name="notification_queue"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The bell's count: the unread rows of one person.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}"
