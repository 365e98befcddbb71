"""Helpers of the poll tests: a consultation of « Vélo à Creil » with one question of each kind."""

from dialogue_helpers import fresh

from civic.dialogue.models.polls import Question
from civic.dialogue.services import discussions, polls
from civic.dialogue.services.polls import QuestionSpec

QUESTIONS = [
    QuestionSpec(
        text="Quel itinéraire préférez-vous ?",
        kind="single",
        choices=["Rue Jean-Jaurès", "Bords de l'Oise", "Avenue de la gare"],
    ),
    QuestionSpec(
        text="Quels équipements ?",
        kind="multiple",
        required=False,
        max_choices=2,
        choices=["Arceaux", "Éclairage", "Bancs", "Fontaine"],
    ),
    QuestionSpec(
        text="Classez les priorités", kind="ranking", choices=["Sécurité", "Vitesse", "Paysage"]
    ),
    QuestionSpec(text="Une remarque ?", kind="free", required=False),
]


def open_poll(people, group, *, audience="territory", live_results=False):
    staff = fresh(people["communication"])
    consultation = discussions.open_consultation(
        user=staff,
        group=group,
        title="La future piste cyclable",
        question="Aidez-nous à la dessiner.",
        audience=audience,
    )
    polls.set_poll(
        user=staff,
        consultation=consultation,
        audience=audience,
        live_results=live_results,
        questions=QUESTIONS,
    )
    return consultation


def questions_of(consultation):
    return {q.kind: q for q in Question.objects.filter(consultation=consultation).with_choices()}


def choice(question, label):
    return next(c for c in question.choices.all() if c.label == label)


def answers(consultation, *, single, multiple=(), ranking=(), free=""):
    """answer_poll's shape from labels."""
    qs = questions_of(consultation)
    return {
        qs["single"].pk: choice(qs["single"], single).pk if single else None,
        qs["multiple"].pk: [choice(qs["multiple"], label).pk for label in multiple],
        qs["ranking"].pk: [choice(qs["ranking"], label).pk for label in ranking],
        qs["free"].pk: free,
    }


def form_data(consultation, *, single, multiple=(), ranking=(), free=""):
    """The form's fields from labels (a ranking: one rank per choice)."""
    qs = questions_of(consultation)
    data = {f"q{qs['free'].pk}": free}
    if single:
        data[f"q{qs['single'].pk}"] = str(choice(qs["single"], single).pk)
    data[f"q{qs['multiple'].pk}"] = [str(choice(qs["multiple"], m).pk) for m in multiple]
    for c in qs["ranking"].choices.all():
        rank = ranking.index(c.label) + 1 if c.label in ranking else ""
        data[f"q{qs['ranking'].pk}_{c.pk}"] = str(rank)
    return data
