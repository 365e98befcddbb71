"""Polls in consultations: questions, their choices, and each person's ballot.

Results are read from counters kept on the rows (`Choice.votes`, `Choice.points`,
`Question.answer_count`, `Consultation.ballot_count`), moved by the service that records or
changes a ballot: showing results never reads the answers themselves.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.dialogue.models.discussions import Consultation


class QuestionQuerySet(models.QuerySet["Question"]):
    def with_choices(self) -> Self:
        return self.prefetch_related(
            models.Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        ).order_by("position", "pk")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        RANKING = "ranking", _("Classement")
        FREE = "free", _("Réponse libre")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("type de réponse"), max_length=10, choices=Kind, default=Kind.SINGLE)
    required = models.BooleanField(_("réponse obligatoire"), default=True)
    # Kind.MULTIPLE: how many choices one may tick at most (None: all of them).
    max_choices = models.PositiveSmallIntegerField(_("choix au maximum"), null=True, blank=True)
    # Ballots that answer this question (counter).
    answer_count = models.PositiveIntegerField(default=0)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["consultation", "position"], name="question_order")]

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind != self.Kind.FREE


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("réponse proposée"), max_length=200)
    # Ballots that chose it (single, multiple) or ranked it first (ranking): a counter.
    votes = models.PositiveIntegerField(default=0)
    # Ranking: points summed over ballots, n for the first of n choices down to 1 (Borda count).
    points = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """One person's answers to a consultation's poll: one per person, changeable until closing."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_ballots"
    )
    created_at = models.DateTimeField(_("répondu le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("participation à un questionnaire")
        verbose_name_plural = _("participations aux questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="ballot_unique")
        ]
        indexes = [models.Index(fields=["user"], name="ballot_user")]

    def __str__(self):
        return f"{self.user_id} → {self.consultation_id}"


class BallotAnswer(models.Model):
    """One line of a ballot: a choice ticked (with its rank for a ranking) or a free text."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        ordering = ["question_id", "rank", "pk"]
        indexes = [models.Index(fields=["question", "ballot"], name="ballot_answer_question")]

    def __str__(self):
        return f"{self.ballot_id} / {self.question_id}"
