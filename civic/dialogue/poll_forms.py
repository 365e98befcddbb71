"""Forms of consultation polls: answering one, editing its questions, following an answer up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.dialogue.forms import FORMAT_HELP, BodyField, GroupTerritoryField, group_territories
from civic.dialogue.models.answers import AnswerStatus
from civic.dialogue.models.discussions import Consultation
from civic.dialogue.models.polls import Question
from civic.dialogue.services.polls import FREE_TEXT_MAX, MAX_CHOICES, QuestionSpec

Kind = Question.Kind


class PollForm(forms.Form):
    """One field per question (`q<id>`); a ranking has one select per choice (`q<id>_<choice>`)
    so that it works without JavaScript. Errors come back from the service, per question."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for question in self.questions:
            name = f"q{question.pk}"
            choices = [(str(c.pk), c.label) for c in question.choices.all()]
            value = answers.get(question.pk)
            label = question.text
            if question.required:
                label = _("%(question)s (obligatoire)") % {"question": question.text}
            question.label = label
            if question.kind == Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
                self.initial[name] = str(value) if value else None
            elif question.kind == Kind.MULTIPLE:
                help_text = (
                    _("%(max)d réponses au plus.") % {"max": question.max_choices}
                    if question.max_choices
                    else _("Cochez autant de réponses que vous voulez.")
                )
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    help_text=help_text,
                )
                self.initial[name] = [str(pk) for pk in value or []]
            elif question.kind == Kind.RANKING:
                ranks = [("", _("Non classé"))] + [
                    (str(i), str(i)) for i in range(1, len(choices) + 1)
                ]
                order = [str(pk) for pk in value or []]
                for pk, choice_label in choices:
                    field_name = f"{name}_{pk}"
                    self.fields[field_name] = forms.ChoiceField(
                        label=choice_label, choices=ranks, required=False
                    )
                    self.fields[field_name].question = question
                    if pk in order:
                        self.initial[field_name] = str(order.index(pk) + 1)
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=FREE_TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
                self.initial[name] = value or ""
            if name in self.fields:
                self.fields[name].question = question

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.kind != Kind.RANKING:
                continue
            ranks = [data.get(f"q{question.pk}_{c.pk}") for c in question.choices.all()]
            given = [r for r in ranks if r]
            if len(set(given)) != len(given):
                self.add_question_error(
                    question.pk, _("Donnez un rang différent à chaque réponse classée.")
                )
        return data

    def answers(self):
        """The service's shape: {question id: choice id | [choice ids] | text}."""
        data = self.cleaned_data
        result = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Kind.SINGLE:
                result[question.pk] = int(data[name]) if data.get(name) else None
            elif question.kind == Kind.MULTIPLE:
                result[question.pk] = [int(pk) for pk in data.get(name) or []]
            elif question.kind == Kind.RANKING:
                ranked = []
                for choice in question.choices.all():
                    rank = data.get(f"{name}_{choice.pk}")
                    if rank:
                        ranked.append((int(rank), choice.pk))
                result[question.pk] = [pk for _rank, pk in sorted(ranked)]
            else:
                result[question.pk] = data.get(name, "")
        return result

    def add_question_error(self, question_id, message):
        question = next(q for q in self.questions if q.pk == int(question_id))
        if question.kind == Kind.RANKING:
            first = next(iter(question.choices.all()), None)
            field = f"q{question.pk}_{first.pk}" if first else None
        else:
            field = f"q{question.pk}"
        self.add_error(field, message)

    def grouped(self):
        """(question, [bound fields]) in order: a fieldset per question in the template."""
        by_question = {}
        for bound in self.visible_fields():
            question = bound.field.question
            by_question.setdefault(question.pk, (question, []))[1].append(bound)
        return list(by_question.values())


class PollSettingsForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Qui peut répondre ?"),
        choices=Consultation.Audience.choices,
        widget=forms.RadioSelect,
    )
    audience_territory = GroupTerritoryField(
        label=_("Territoire des répondant·es"),
        queryset=None,
        required=False,
        help_text=_(
            "Pour « habitant·es d'un territoire » : celles et ceux dont la commune est dans ce "
            "territoire. Sans choix, le territoire du groupe."
        ),
    )
    live_results = forms.BooleanField(
        label=_("Montrer les résultats pendant la consultation"),
        required=False,
        help_text=_(
            "Sinon, ils sont montrés une fois la consultation close et les résultats publiés."
        ),
    )

    def __init__(self, *args, root=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_territory"].queryset = group_territories(root).select_related(
            "parent"
        )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type de réponse"), choices=Kind.choices)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False, initial=True)
    max_choices = forms.IntegerField(
        label=_("Choix multiple : nombre de réponses au plus (facultatif)"),
        required=False,
        min_value=1,
        max_value=MAX_CHOICES,
    )
    choices = forms.CharField(
        label=_("Réponses proposées, une par ligne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sans objet pour une réponse libre."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip():
            return data  # an empty row: ignored
        labels = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        if data.get("kind") != Kind.FREE and len(labels) < 2:
            self.add_error("choices", _("Proposez au moins deux réponses, une par ligne."))
        if len(labels) > MAX_CHOICES:
            self.add_error("choices", _("%d réponses au plus.") % MAX_CHOICES)
        max_choices = data.get("max_choices")
        if data.get("kind") == Kind.MULTIPLE and max_choices and max_choices > len(labels):
            self.add_error("max_choices", _("Ce nombre dépasse celui des réponses proposées."))
        return data

    def spec(self):
        data = self.cleaned_data
        if not data.get("text", "").strip() or data.get("DELETE"):
            return None
        return QuestionSpec(
            text=data["text"],
            kind=data["kind"],
            required=data.get("required", False),
            max_choices=data.get("max_choices"),
            choices=[line for line in data.get("choices", "").splitlines() if line.strip()],
        )


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=2, max_num=30, can_delete=True, absolute_max=40
)


def question_initial(questions):
    return [
        {
            "text": q.text,
            "kind": q.kind,
            "required": q.required,
            "max_choices": q.max_choices,
            "choices": "\n".join(c.label for c in q.choices.all()),
        }
        for q in questions
    ]


class AnswerCorrectionForm(forms.Form):
    body = BodyField(
        label=_("Texte corrigé de la réponse officielle"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=FORMAT_HELP,
    )


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Suite donnée"), choices=AnswerStatus.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obligatoire pour un refus : sa raison. Sinon, le service chargé, ce qui a été fait…"
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == AnswerStatus.REJECTED and not data.get("text", "").strip():
            self.add_error("text", _("Un refus se motive : écrivez-en la raison."))
        return data
