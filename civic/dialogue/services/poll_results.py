"""Reading a poll's results and exporting its answers (CSV, ODS).

Results come from the counters (two queries whatever the number of answers); the export, for
staff, streams the answers themselves, one line per ballot and never a name.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from civic.dialogue.models.discussions import Consultation
from civic.dialogue.models.polls import BallotAnswer, Choice, Question

Kind = Question.Kind


@dataclass
class ChoiceResult:
    choice: Choice
    value: int  # votes (single, multiple) or points (ranking)
    first: int  # ranking: times ranked first
    percent: float  # of the question's answers, or of the top score for a ranking


@dataclass
class QuestionResult:
    question: Question
    answers: int
    choices: list[ChoiceResult]

    @property
    def chart_height(self) -> int:
        """The chart's height in em: two per bar."""
        return 2 * max(len(self.choices), 1)

    @property
    def is_ranking(self) -> bool:
        return self.question.kind == Kind.RANKING


def poll_results(consultation: Consultation) -> list[QuestionResult]:
    """Each question with its counts, choices in their order: two queries."""
    results = []
    for question in Question.objects.filter(consultation=consultation).with_choices():
        choices = list(question.choices.all())
        answers = question.answer_count
        rows = []
        if question.kind == Kind.RANKING:
            top = max((c.points for c in choices), default=0)
            for choice in sorted(choices, key=lambda c: (-c.points, c.position, c.pk)):
                percent = 100.0 * choice.points / top if top else 0.0
                rows.append(ChoiceResult(choice, choice.points, choice.votes, percent))
        else:
            for choice in choices:
                percent = 100.0 * choice.votes / answers if answers else 0.0
                rows.append(ChoiceResult(choice, choice.votes, 0, percent))
        results.append(QuestionResult(question, answers, rows))
    return results


# Exports.


def _header(questions: list[Question]) -> list[str]:
    return [_("Participation"), _("Répondu le"), _("Modifié le")] + [q.text for q in questions]


def export_rows(consultation: Consultation) -> Iterator[list[str]]:
    """The header, then one line per ballot: its number, dates and each question's answer
    (choices joined by « ; », a ranking in its order). Streams the answers by ballot."""
    questions = list(Question.objects.filter(consultation=consultation).with_choices())
    labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    column = {q.pk: i for i, q in enumerate(questions)}
    yield _header(questions)
    answers = (
        BallotAnswer.objects.filter(ballot__consultation=consultation)
        .select_related("ballot")
        .order_by("ballot_id", "question_id", "rank", "pk")
        .iterator(chunk_size=2000)
    )
    current = None
    cells: list[list[str]] = []
    number = 0

    def line() -> list[str]:
        assert current is not None
        created = timezone.localtime(current.created_at).strftime("%d/%m/%Y %H:%M")
        updated = timezone.localtime(current.updated_at).strftime("%d/%m/%Y %H:%M")
        return [str(number), created, updated] + [" ; ".join(c) for c in cells]

    for answer in answers:
        if current is None or answer.ballot_id != current.pk:
            if current is not None:
                yield line()
            current = answer.ballot
            number += 1
            cells = [[] for _ in questions]
        text = labels.get(answer.choice_id, "") if answer.choice_id else answer.text
        cells[column[answer.question_id]].append(text)
    if current is not None:
        yield line()


def _safe(value: str) -> str:
    """A cell a spreadsheet must not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(consultation: Consultation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in export_rows(consultation):
        writer.writerow([_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()  # a BOM: spreadsheets then read UTF-8


def export_ods(consultation: Consultation) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=_("Réponses")[:31])
    for values in export_rows(consultation):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    summary = Table(name=_("Résultats")[:31])
    for result in poll_results(consultation):
        title = TableRow()
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=result.question.text))
        title.addElement(cell)
        summary.addElement(title)
        for choice in result.choices:
            row = TableRow()
            label = TableCell(valuetype="string")
            label.addElement(P(text=choice.choice.label))
            row.addElement(label)
            row.addElement(TableCell(valuetype="float", value=choice.value))
            summary.addElement(row)
    document.spreadsheet.addElement(summary)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
