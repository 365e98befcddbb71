"""Official answers that are followed up: corrected with their revisions kept, a status and dated
follow-up updates.

`OfficialAnswerBase` is abstract so that any subject (a consultation or discussion here; a
proposal or a petition elsewhere in civic) gets its own answer table with the same behaviour;
revisions and updates point to the answer through a generic relation, one table for all.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnswerStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Transmise")
    UNDER_STUDY = "under_study", _("À l'étude")
    ACCEPTED = "accepted", _("Acceptée")
    PARTIAL = "partial", _("Acceptée en partie")
    REJECTED = "rejected", _("Refusée")
    DONE = "done", _("Réalisée")


class OfficialAnswerBase(models.Model):
    """What every official answer has. Subclasses add the subject (a one-to-one field) and
    implement `subject_group()`, `subject_territory()`, `subject_title()`, `subject_url()`."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Who answered, as shown on the day (a name and an office outlive an account).
    author_label = models.CharField(_("signataire"), max_length=300)
    body = models.TextField(_("réponse officielle"), max_length=20000)
    body_html = models.TextField(editable=False)
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    status = models.CharField(
        _("suite donnée"), max_length=12, choices=AnswerStatus, default=AnswerStatus.SUBMITTED
    )
    status_reason = models.TextField(_("motif"), max_length=4000, blank=True)
    status_changed_at = models.DateTimeField(_("statut du"), default=timezone.now)

    revisions = GenericRelation("civic.AnswerRevision")
    updates = GenericRelation("civic.AnswerUpdate")

    class Meta:
        abstract = True

    def subject_group(self):
        raise NotImplementedError

    def subject_territory(self):
        raise NotImplementedError

    def subject_title(self) -> str:
        raise NotImplementedError

    def subject_url(self) -> str:
        raise NotImplementedError


class _AnswerPart(models.Model):
    answer_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    answer_id = models.PositiveBigIntegerField()
    answer = GenericForeignKey("answer_type", "answer_id")

    class Meta:
        abstract = True


class AnswerRevision(_AnswerPart):
    """A published text replaced by a correction: kept and shown in the answer's history."""

    author_label = models.CharField(_("signataire"), max_length=300)
    body = models.TextField(_("texte"), max_length=20000)
    body_html = models.TextField(editable=False)
    published_at = models.DateTimeField(_("publiée le"))
    replaced_at = models.DateTimeField(_("remplacée le"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrigée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("version précédente d'une réponse officielle")
        verbose_name_plural = _("versions précédentes de réponses officielles")
        ordering = ["-replaced_at", "-pk"]
        indexes = [
            models.Index(fields=["answer_type", "answer_id", "replaced_at"], name="answer_revision")
        ]

    def __str__(self):
        return f"{self.author_label} — {self.replaced_at:%d/%m/%Y %H:%M}"


class AnswerUpdate(_AnswerPart):
    """A dated step of the follow-up: the status it set and what was done."""

    status = models.CharField(_("suite donnée"), max_length=12, choices=AnswerStatus)
    text = models.TextField(_("précisions"), max_length=4000, blank=True)
    text_html = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_label = models.CharField(_("signataire"), max_length=300)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("suivi d'une réponse officielle")
        verbose_name_plural = _("suivis de réponses officielles")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["answer_type", "answer_id", "created_at"], name="answer_update")
        ]

    def __str__(self):
        return f"{self.get_status_display()} — {self.created_at:%d/%m/%Y}"
