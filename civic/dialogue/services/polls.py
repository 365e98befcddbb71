"""Writes on consultation polls: the questions, a person's ballot, closing and publishing.

A ballot moves the counters the results are read from (`Choice.votes`, `Choice.points`,
`Question.answer_count`, `Consultation.ballot_count`) in the same transaction, with relative
updates: results never read the answers, and two people answering at once both count.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import Consultation
from civic.dialogue.models.polls import Ballot, BallotAnswer, Choice, Question
from civic.territories.models import Territory

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Kind = Question.Kind
MAX_QUESTIONS = 30
MAX_CHOICES = 30
FREE_TEXT_MAX = 2000


@dataclass
class QuestionSpec:
    text: str
    kind: str = Kind.SINGLE
    required: bool = True
    max_choices: int | None = None
    choices: list[str] = field(default_factory=list)


def poll_closed_message() -> str:
    return _(
        "Cette consultation est close : votre réponse n'a pas pu être enregistrée. "
        "Vos choix sont restés affichés ci-dessous."
    )


# The questions.


def _check_specs(specs: Sequence[QuestionSpec]) -> None:
    if len(specs) > MAX_QUESTIONS:
        raise ValidationError(_("Un questionnaire compte au plus %d questions.") % MAX_QUESTIONS)
    for spec in specs:
        if not spec.text.strip():
            raise ValidationError(_("Chaque question doit avoir un texte."))
        if spec.kind == Kind.FREE:
            continue
        labels = [label.strip() for label in spec.choices if label.strip()]
        if len(labels) < 2:
            raise ValidationError(
                _("La question « %(text)s » doit proposer au moins deux réponses.")
                % {"text": spec.text}
            )
        if len(labels) > MAX_CHOICES:
            raise ValidationError(_("Une question propose au plus %d réponses.") % MAX_CHOICES)


@transaction.atomic
def set_poll(
    *,
    user: "User",
    consultation: Consultation,
    audience: str,
    audience_territory: Territory | None = None,
    live_results: bool = False,
    questions: Sequence[QuestionSpec] | None = None,
) -> Consultation:
    """Who may answer, when results show, and (until the first answer) the questions."""
    if not rules.can_edit_poll(user, consultation):
        raise PermissionDenied
    if audience not in Consultation.Audience.values:
        raise ValidationError(_("Choisissez qui peut répondre."))
    consultation.audience = audience
    consultation.audience_territory = (
        audience_territory if audience == Consultation.Audience.TERRITORY else None
    )
    consultation.live_results = live_results
    consultation.save(update_fields=["audience", "audience_territory", "live_results"])
    if questions is not None:
        replace_questions(consultation=consultation, questions=questions)
    return consultation


def replace_questions(*, consultation: Consultation, questions: Sequence[QuestionSpec]) -> None:
    """The poll's questions, replaced whole: possible only while nobody has answered."""
    _check_specs(questions)
    if Ballot.objects.filter(consultation=consultation).exists():
        raise ValidationError(
            _(
                "Des personnes ont déjà répondu : les questions ne peuvent plus changer "
                "(leurs réponses perdraient leur sens)."
            )
        )
    Question.objects.filter(consultation=consultation).delete()
    for position, spec in enumerate(questions):
        question = Question.objects.create(
            consultation=consultation,
            position=position,
            text=spec.text.strip(),
            kind=spec.kind,
            required=spec.required,
            max_choices=spec.max_choices if spec.kind == Kind.MULTIPLE else None,
        )
        if spec.kind != Kind.FREE:
            labels = [label.strip() for label in spec.choices if label.strip()]
            Choice.objects.bulk_create(
                Choice(question=question, position=i, label=label[:200])
                for i, label in enumerate(labels)
            )


# A person's ballot.


def _clean(questions: Sequence[Question], answers: dict[int, Any]) -> dict[int, str]:
    """French messages per question id for what does not hold (the form shows them)."""
    errors: dict[int, str] = {}
    for question in questions:
        value = answers.get(question.pk)
        choice_ids = {c.pk for c in question.choices.all()}
        if question.kind == Kind.FREE:
            text = (value or "").strip()
            if question.required and not text:
                errors[question.pk] = _("Cette question demande une réponse.")
            elif len(text) > FREE_TEXT_MAX:
                errors[question.pk] = _("Votre réponse dépasse %d caractères.") % FREE_TEXT_MAX
            continue
        if question.kind == Kind.SINGLE:
            picked = [value] if value not in (None, "") else []
        else:
            picked = list(value or [])
        if question.required and not picked:
            errors[question.pk] = _("Cette question demande une réponse.")
        elif any(pk not in choice_ids for pk in picked):
            errors[question.pk] = _("Cette réponse ne fait pas partie des choix proposés.")
        elif len(set(picked)) != len(picked):
            errors[question.pk] = _("Chaque réponse ne peut être choisie qu'une fois.")
        elif (
            question.kind == Kind.MULTIPLE
            and question.max_choices
            and len(picked) > question.max_choices
        ):
            errors[question.pk] = _("Vous avez coché %(count)d réponses : %(max)d au plus.") % {
                "count": len(picked),
                "max": question.max_choices,
            }
    return errors


def _rows(
    ballot: Ballot, questions: Sequence[Question], answers: dict[int, Any]
) -> list[BallotAnswer]:
    rows = []
    for question in questions:
        value = answers.get(question.pk)
        if question.kind == Kind.FREE:
            text = (value or "").strip()
            if text:
                rows.append(BallotAnswer(ballot=ballot, question=question, text=text))
        elif question.kind == Kind.SINGLE:
            if value not in (None, ""):
                rows.append(BallotAnswer(ballot=ballot, question=question, choice_id=value))
        else:
            for rank, pk in enumerate(value or [], start=1):
                rows.append(
                    BallotAnswer(
                        ballot=ballot,
                        question=question,
                        choice_id=pk,
                        rank=rank if question.kind == Kind.RANKING else None,
                    )
                )
    return rows


def _count(rows: Iterable[BallotAnswer], questions: Sequence[Question], sign: int) -> None:
    """Move the counters by `sign` (1 or -1) for these answer rows: two UPDATE statements."""
    by_pk = {q.pk: q for q in questions}
    answered: set[int] = set()
    votes: dict[int, int] = defaultdict(int)
    points: dict[int, int] = defaultdict(int)
    for row in rows:
        answered.add(row.question_id)
        if row.choice_id is None:
            continue
        question = by_pk[row.question_id]
        if question.kind == Kind.RANKING:
            rank = row.rank or 1
            if rank == 1:
                votes[row.choice_id] += sign
            points[row.choice_id] += sign * (len(question.choices.all()) - rank + 1)
        else:
            votes[row.choice_id] += sign
    if answered:
        Question.objects.filter(pk__in=answered).update(
            answer_count=models.F("answer_count") + sign
        )
    changed = set(votes) | set(points)
    if changed:
        Choice.objects.filter(pk__in=changed).update(
            votes=models.F("votes")
            + models.Case(
                *(models.When(pk=pk, then=models.Value(n)) for pk, n in votes.items()),
                default=models.Value(0),
            ),
            points=models.F("points")
            + models.Case(
                *(models.When(pk=pk, then=models.Value(n)) for pk, n in points.items()),
                default=models.Value(0),
            ),
        )


def poll_questions(consultation: Consultation) -> list[Question]:
    return list(Question.objects.filter(consultation=consultation).with_choices())


@transaction.atomic
def answer_poll(
    *,
    user: "User",
    consultation: Consultation,
    answers: dict[int, Any],
    questions: Sequence[Question] | None = None,
) -> Ballot:
    """Record or change `user`'s ballot. `answers` maps a question's id to a choice id
    (single), a list of choice ids (multiple; ranking, first ranked first) or a text (free).
    Raises ValidationError (messages per question id in `error.error_dict`-like `params`)."""
    fresh = Consultation.objects.filter(pk=consultation.pk).values("closed_at", "closes_at")
    state = fresh.first()
    if state is not None:
        consultation.closed_at = state["closed_at"]
        consultation.closes_at = state["closes_at"]
    if not consultation.is_open:
        raise ValidationError(poll_closed_message(), code="closed")
    if not rules.can_answer_poll(user, consultation):
        raise PermissionDenied
    questions = list(questions) if questions is not None else poll_questions(consultation)
    errors = _clean(questions, answers)
    if errors:
        raise ValidationError({str(pk): message for pk, message in errors.items()})
    now = timezone.now()
    ballot = Ballot.objects.select_for_update().filter(consultation=consultation, user=user).first()
    if ballot is not None:
        ballot.consultation = consultation  # already loaded (the page cache's tags read it)
        previous = list(ballot.answers.all())
        _count(previous, questions, -1)
        BallotAnswer.objects.filter(ballot=ballot).delete()
        ballot.updated_at = now
        ballot.save(update_fields=["updated_at"])
    else:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    consultation=consultation, user=user, created_at=now, updated_at=now
                )
        except IntegrityError as error:  # the same person, twice at once
            raise ValidationError(
                _("Votre réponse est déjà en cours d'enregistrement : réessayez.")
            ) from error
        Consultation.objects.filter(pk=consultation.pk).update(
            ballot_count=models.F("ballot_count") + 1
        )
        consultation.ballot_count += 1
    rows = BallotAnswer.objects.bulk_create(_rows(ballot, questions, answers))
    _count(rows, questions, 1)
    return ballot


def withdraw_ballot(ballot: Ballot) -> None:
    """Take a ballot's answers out of the counts and delete it (no permission check: for
    account deletion)."""
    questions = poll_questions(ballot.consultation)
    _count(list(ballot.answers.all()), questions, -1)
    Consultation.objects.filter(pk=ballot.consultation_id, ballot_count__gt=0).update(
        ballot_count=models.F("ballot_count") - 1
    )
    ballot.delete()


def ballot_of(user: "User", consultation: Consultation) -> dict[int, Any] | None:
    """`user`'s current answers in answer_poll's shape, or None: one query."""
    if not getattr(user, "is_authenticated", False):
        return None
    rows = list(
        BallotAnswer.objects.filter(ballot__consultation=consultation, ballot__user=user)
        .select_related("question")
        .order_by("question_id", "rank", "pk")
    )
    if not rows:
        exists = Ballot.objects.filter(consultation=consultation, user=user).exists()
        return {} if exists else None
    answers: dict[int, Any] = {}
    for row in rows:
        kind = row.question.kind
        if kind == Kind.FREE:
            answers[row.question_id] = row.text
        elif kind == Kind.SINGLE:
            answers[row.question_id] = row.choice_id
        else:
            answers.setdefault(row.question_id, []).append(row.choice_id)
    return answers


# Closing, reopening, publishing.


@transaction.atomic
def reopen_consultation(*, user: "User", consultation: Consultation) -> Consultation:
    """Undo a closing (possible until the results are published); a closing date already
    passed is removed, so that staff close it by hand."""
    if not rules.can_reopen_consultation(user, consultation):
        raise PermissionDenied
    consultation.closed_at = None
    if consultation.closes_at is not None and consultation.closes_at <= timezone.now():
        consultation.closes_at = None
    consultation.save(update_fields=["closed_at", "closes_at"])
    return consultation


@transaction.atomic
def publish_results(*, user: "User", consultation: Consultation) -> Consultation:
    if not rules.can_publish_results(user, consultation):
        raise PermissionDenied
    consultation.results_published_at = timezone.now()
    consultation.save(update_fields=["results_published_at"])
    return consultation
