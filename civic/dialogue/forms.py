"""Forms of the dialogue: groups, discussions, posts, reports, consultations, moderation."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from civic.common.fields import CommuneField
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.moderation.models import Report
from civic.people.forms.profiles import TerritoryChoiceField
from civic.territories.models import Territory

FORMAT_HELP = _(
    "Texte simple. Mise en forme possible : **gras**, *italique*, listes (une ligne par "
    "élément commençant par « - »), liens [texte](https://adresse). Les balises HTML "
    "s'affichent telles quelles."
)


def group_territories(root):
    """The portal's territory and every place inside it, quartiers included."""
    qs = Territory.objects.exclude(kind=Territory.Kind.REGION)
    if root is not None:
        qs = qs.within(root)
    return qs.in_french_order()


class GroupTerritoryField(TerritoryChoiceField):
    def label_from_instance(self, obj):
        if obj.kind == Territory.Kind.QUARTIER and obj.parent_id:
            return f"{obj.name} ({obj.parent.name}) — {obj.get_kind_display()}"
        return super().label_from_instance(obj)


class GroupForm(forms.ModelForm):
    rules = forms.CharField(
        label=_("Règles du groupe"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Affichées sur la page du groupe. Vous pourrez les modifier ensuite."),
    )

    class Meta:
        model = CivicGroup
        fields = ["name", "description", "theme", "territory", "join_policy"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "join_policy": forms.RadioSelect,
        }
        field_classes = {"territory": GroupTerritoryField}
        help_texts = {
            "name": _("Par exemple « Vélo au quotidien à Creil »."),
            "description": FORMAT_HELP,
            "territory": _("La commune, l'intercommunalité, le quartier… dont parle le groupe."),
        }

    def __init__(self, *args, root=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = group_territories(root).select_related("parent")
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].empty_label = None


class GroupEditForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=FORMAT_HELP,
    )
    rules = forms.CharField(
        label=_("Règles du groupe"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=FORMAT_HELP,
    )


MENTION_HELP = _(
    "Pour prévenir un membre, écrivez @ suivi de son prénom et de son nom, par exemple "
    "@Camille Durand."
)


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Votre message"))
        kwargs.setdefault("max_length", 10000)
        kwargs.setdefault("help_text", format_lazy("{} {}", FORMAT_HELP, MENTION_HELP))
        kwargs.setdefault(
            "widget",
            forms.Textarea(
                attrs={
                    "rows": 6,
                    # @mention suggestions (portal/js/mentions.js); « @Prénom Nom » works without.
                    "data-mentions": reverse_lazy("feed:mention_suggestions"),
                    "data-mentions-label": _("Membres à mentionner"),
                    "data-mentions-help": _(
                        "suggestion(s) : flèches haut et bas pour choisir, Entrée pour valider."
                    ),
                }
            ),
        )
        super().__init__(**kwargs)


class DiscussionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la discussion"), max_length=200)
    body = BodyField()


class ReplyForm(forms.Form):
    body = BodyField(label=_("Votre réponse"))


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Titre de la discussion"), max_length=200, required=False)
    body = BodyField()

    def __init__(self, *args, opening=False, **kwargs):
        super().__init__(*args, **kwargs)
        if opening:
            self.fields["title"].required = True
        else:
            del self.fields["title"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce contenu ?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que les modérateurs doivent savoir. Seuls eux le liront."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("text", "").strip():
            self.add_error("text", _("Précisez la raison du signalement."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public pour un masquage : « Masqué par la modération : <motif> »."),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=500, required=False)


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(
        label=_("Courriels de ce groupe"),
        choices=Membership.Notify.choices,
        widget=forms.RadioSelect,
    )


class ConsultationForm(forms.Form):
    title = forms.CharField(
        label=_("Titre de la consultation"),
        max_length=200,
        help_text=_("Par exemple « Quel avenir pour la place du marché ? »."),
    )
    question = BodyField(
        label=_("La question posée aux habitantes et habitants"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    closes_at = forms.DateTimeField(
        label=_("Date de clôture (facultatif)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        help_text=_(
            "Sans date, vous clôturez la consultation vous-même. Format : 31/12/2026 18:00."
        ),
    )

    audience = forms.ChoiceField(
        label=_("Qui peut répondre ?"),
        choices=[
            ("group", _("Les membres du groupe")),
            ("territory", _("Les habitant·es du territoire du groupe")),
            ("identified", _("Toute personne inscrite")),
        ],
        initial="group",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Vous ajouterez ensuite les questions (choix unique, multiple, classement, réponse "
            "libre) avec « Modifier le questionnaire »."
        ),
    )

    def clean_audience(self):
        return self.cleaned_data.get("audience") or "group"

    def clean_closes_at(self):
        closes_at = self.cleaned_data.get("closes_at")
        if closes_at is not None and closes_at <= timezone.now():
            raise forms.ValidationError(_("La date de clôture doit être dans le futur."))
        return closes_at


class OfficialAnswerForm(forms.Form):
    body = BodyField(
        label=_("Réponse officielle"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class CommuneChoiceForm(forms.Form):
    commune = CommuneField(label=_("Votre commune"))

    def __init__(self, *args, root=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].root = root
