"""Reports and moderation decisions: nothing is silently deleted, every decision is logged."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import CivicGroup


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> Self:
        return self.filter(status=Report.Status.OPEN)

    def for_group(self, group: CivicGroup) -> Self:
        """Reports about the group itself or one of its posts."""
        return self.filter(models.Q(group=group) | models.Q(post__discussion__group=group))


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam ou publicité")
        INSULT = "insult", _("Insulte, propos haineux ou harcèlement")
        OFF_TOPIC = "off_topic", _("Hors sujet")
        PERSONAL_DATA = "personal_data", _("Données personnelles exposées")
        OTHER = "other", _("Autre raison")

    class Status(models.TextChoices):
        OPEN = "open", _("À traiter")
        DISMISSED = "dismissed", _("Classé sans suite")
        ACTIONED = "actioned", _("Traité")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    group = models.ForeignKey(
        CivicGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason)
    text = models.TextField(_("précisions"), max_length=2000, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, group__isnull=True)
                    | models.Q(post__isnull=True, group__isnull=False)
                ),
                name="report_one_target",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="report_status")]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.created_at:%d/%m/%Y}"

    @property
    def target_group(self):
        return self.group if self.group_id else self.post.discussion.group


class ModerationDecision(models.Model):
    """Who decided what, when and why. Kept when the content or the accounts are gone."""

    class Action(models.TextChoices):
        DISMISS_REPORT = "dismiss_report", _("Signalement classé sans suite")
        HIDE_POST = "hide_post", _("Message masqué")
        RESTORE_POST = "restore_post", _("Message rétabli")
        APPROVE_POST = "approve_post", _("Message validé")
        HIDE_GROUP = "hide_group", _("Groupe masqué")
        RESTORE_GROUP = "restore_group", _("Groupe rétabli")
        SUSPEND_MEMBER = "suspend_member", _("Membre suspendu·e du groupe")
        REINSTATE_MEMBER = "reinstate_member", _("Membre rétabli·e dans le groupe")

    action = models.CharField(_("décision"), max_length=20, choices=Action)
    reason = models.TextField(_("motif"), max_length=2000, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    moderator_name = models.CharField(_("nom du ou de la modérateur·rice"), max_length=200)
    # The moderator acted as a group animator, or as the portal's staff.
    as_animator = models.BooleanField(_("en tant qu'animateur·rice"), default=False)
    group = models.ForeignKey(
        CivicGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    report = models.ForeignKey(
        "civic.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne concernée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the decision was about, in words, for the log once the objects are gone.
    summary = models.CharField(_("objet"), max_length=300)
    decided_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.summary} ({self.decided_at:%d/%m/%Y})"
