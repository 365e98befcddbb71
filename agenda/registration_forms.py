"""Forms of registrations: the organiser's opening, registering, messaging the attendees."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUESTION_SLOTS = 5


class OpeningForm(forms.Form):
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=100_000)
    closes_at = forms.DateTimeField(
        label=_("Clôture des inscriptions"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Facultatif : sans date, les inscriptions restent ouvertes jusqu'au début."),
    )
    reminder_days = forms.IntegerField(
        label=_("Rappel aux inscrits, en jours avant la date"),
        min_value=0,
        max_value=30,
        initial=1,
        help_text=_("0 : pas de rappel."),
    )
    is_open = forms.BooleanField(label=_("Inscriptions ouvertes"), required=False, initial=True)

    def __init__(self, *args, opening=None, **kwargs):
        if opening is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "capacity": opening.capacity,
                "closes_at": opening.closes_at and timezone.localtime(opening.closes_at),
                "reminder_days": opening.reminder_days,
                "is_open": opening.is_open,
            }
            for index, question in enumerate(opening.questions[:QUESTION_SLOTS], start=1):
                kwargs["initial"][f"question_{index}"] = question["label"]
                kwargs["initial"][f"required_{index}"] = question["required"]
        super().__init__(*args, **kwargs)
        for index in range(1, QUESTION_SLOTS + 1):
            self.fields[f"question_{index}"] = forms.CharField(
                label=_("Question %(number)s aux participants") % {"number": index},
                max_length=200,
                required=False,
                help_text=_("Par exemple : « Nombre d'enfants », « Régime alimentaire ».")
                if index == 1
                else "",
            )
            self.fields[f"required_{index}"] = forms.BooleanField(
                label=_("Réponse obligatoire à la question %(number)s") % {"number": index},
                required=False,
            )

    def questions(self):
        return [
            {
                "label": self.cleaned_data[f"question_{index}"],
                "required": self.cleaned_data[f"required_{index}"],
            }
            for index in range(1, QUESTION_SLOTS + 1)
            if self.cleaned_data.get(f"question_{index}", "").strip()
        ]


class RegisterForm(forms.Form):
    """Name and address for a visitor, then the organiser's questions."""

    def __init__(self, *args, opening, visitor, **kwargs):
        super().__init__(*args, **kwargs)
        if visitor:
            self.fields["name"] = forms.CharField(
                label=_("Votre nom"),
                max_length=150,
                widget=forms.TextInput({"autocomplete": "name"}),
            )
            self.fields["email"] = forms.EmailField(
                label=_("Votre adresse électronique"),
                help_text=_(
                    "Un lien de confirmation vous y sera envoyé. Aucun compte n'est créé ; vos "
                    "données sont effacées 30 jours après l'événement."
                ),
                widget=forms.EmailInput({"autocomplete": "email"}),
            )
        self.labels = {}
        for index, question in enumerate(opening.questions, start=1):
            name = f"answer_{index}"
            self.labels[name] = question["label"]
            self.fields[name] = forms.CharField(
                label=question["label"], max_length=500, required=question["required"]
            )

    def answers(self):
        return {label: self.cleaned_data.get(name, "") for name, label in self.labels.items()}


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea({"rows": 6}), max_length=5000)


class DateChangeForm(forms.Form):
    """One date of a recurring event: cancel it, or move it and/or hold it elsewhere."""

    ACTIONS = [
        ("cancel", _("Annuler cette date")),
        ("change", _("Déplacer cette date ou changer son lieu")),
    ]
    action = forms.ChoiceField(label=_("Que faire ?"), choices=ACTIONS, widget=forms.RadioSelect)
    day = forms.DateField(
        label=_("Nouvelle date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=_("Début"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_("Fin"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    venue_name = forms.CharField(
        label=_("Autre lieu"),
        max_length=200,
        required=False,
        help_text=_("Vide : le lieu habituel."),
    )
    venue_address = forms.CharField(label=_("Autre adresse"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Motif (affiché avec la date)"), max_length=500, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "change":
            if not (cleaned.get("day") and cleaned.get("start") and cleaned.get("end")):
                raise forms.ValidationError(
                    _("Indiquez la date, l'heure de début et l'heure de fin de cette date.")
                )
            start = timezone.make_aware(datetime.combine(cleaned["day"], cleaned["start"]))
            end = timezone.make_aware(datetime.combine(cleaned["day"], cleaned["end"]))
            if end < start:
                self.add_error("end", _("La fin doit suivre le début."))
            cleaned["starts_at"], cleaned["ends_at"] = start, end
        return cleaned
