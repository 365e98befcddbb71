"""Forms of participation: every field says in French what is wrong, and keeps what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.dialogue.models.groups import Theme
from civic.participation.models import TEXT_MAX, TITLE_MAX, Petition, Proposal
from civic.people.forms.profiles import TerritoryChoiceField
from civic.territories.models import Territory

SORTS = [
    ("recentes", _("Les plus récentes")),
    ("soutiens", _("Les plus soutenues")),
    ("seuil", _("Les plus proches de leur seuil")),
]
REPORT_REASONS = [
    ("spam", _("Spam ou publicité")),
    ("insult", _("Insulte, propos haineux ou harcèlement")),
    ("off_topic", _("Hors sujet")),
    ("personal_data", _("Données personnelles exposées")),
    ("other", _("Autre raison")),
]
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def _check_image(image):
    if not image or not hasattr(image, "image"):
        return image
    if image.size > MAX_IMAGE_BYTES:
        raise forms.ValidationError(_("L'image dépasse 5 Mo : choisissez-en une plus légère."))
    if getattr(image.image, "format", None) not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Format d'image non accepté : utilisez JPEG, PNG ou WebP."))
    return image


class ProposalFilterForm(forms.Form):
    territory = TerritoryChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Tout le territoire"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Tous les thèmes"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label=_("État"),
        choices=[("", _("Tous les états")), *Proposal.Status.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Trier par"), choices=SORTS, required=False)

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "title",
            "body",
            "theme",
            "territory",
            "place",
            "latitude",
            "longitude",
            "image",
            "image_alt",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": TEXT_MAX}),
            "title": forms.TextInput(attrs={"maxlength": TITLE_MAX}),
        }
        help_texts = {
            "territory": _(
                "Votre commune ou un territoire qui la contient : seules les personnes qui y "
                "habitent pourront soutenir la proposition."
            ),
            "image_alt": _(
                "Obligatoire avec une image : ce qu'elle montre, pour qui ne la voit pas."
            ),
        }

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"] = TerritoryChoiceField(
            label=_("Territoire"),
            queryset=territories,
            help_text=self._meta.help_texts["territory"],
        )
        self.fields["theme"].empty_label = None
        self.fields["image"].widget.attrs["accept"] = ",".join(IMAGE_TYPES)

    def clean_image(self):
        return _check_image(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Décrivez l'image en quelques mots."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error(
                "longitude", _("Donnez la latitude et la longitude, ou aucune des deux.")
            )
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", _("Une latitude est comprise entre -90 et 90."))
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", _("Une longitude est comprise entre -180 et 180."))
        return cleaned


class StatusUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nouvel état"),
        choices=[("", _("Inchangé (une simple nouvelle)")), *Proposal.Status.choices],
        required=False,
    )
    service = forms.CharField(
        label=_("Service chargé de l'étude"),
        max_length=200,
        required=False,
        help_text=_("Obligatoire pour « À l'étude »."),
    )
    text = forms.CharField(
        label=_("Texte"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Obligatoire pour « Non retenue » : le motif est publié."),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
    photo_alt = forms.CharField(label=_("Description de la photo"), max_length=250, required=False)

    def clean_photo(self):
        return _check_image(self.cleaned_data.get("photo"))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Proposal.Status.REJECTED and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Indiquez pourquoi la proposition n'est pas retenue."))
        if status == Proposal.Status.STUDY and not (cleaned.get("service") or "").strip():
            self.add_error("service", _("Indiquez le service qui étudie la proposition."))
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Décrivez la photo en quelques mots."))
        if not status and not (cleaned.get("text") or "").strip() and not cleaned.get("photo"):
            raise forms.ValidationError(
                _("Écrivez une nouvelle, choisissez un nouvel état ou ajoutez une photo.")
            )
        return cleaned


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Votre commentaire"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=REPORT_REASONS, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Précisions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Motif du masquage"), max_length=500)


class ThresholdForm(forms.Form):
    territory = TerritoryChoiceField(label=_("Territoire"), queryset=Territory.objects.none())
    supports = forms.IntegerField(
        label=_("Soutiens nécessaires"), min_value=1, max_value=10_000_000
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


# Petitions.


class PetitionForm(forms.ModelForm):
    class Meta:
        model = Petition
        fields = ["collectivity", "kind", "title", "body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "body": _(
                "L'affaire doit relever de la décision de l'assemblée de la collectivité : "
                "précisez la consultation demandée, ou la question sur laquelle elle délibérerait."
            ),
        }

    def __init__(self, *args, collectivities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"] = TerritoryChoiceField(
            label=_("Collectivité"),
            queryset=collectivities,
            help_text=_(
                "Seules les collectivités qui ont indiqué leur nombre d'électeurs inscrits."
            ),
        )


class SignatureForm(forms.Form):
    last_name = forms.CharField(
        label=_("Nom (de naissance ou d'usage, comme sur la liste)"), max_length=150
    )
    first_names = forms.CharField(label=_("Prénoms"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format : JJ/MM/AAAA."),
    )
    commune = TerritoryChoiceField(
        label=_("Commune où vous êtes inscrit·e sur la liste électorale"),
        queryset=Territory.objects.none(),
    )
    declaration = forms.BooleanField(
        label=_(
            "Je déclare être inscrit·e sur la liste électorale de cette commune, et ne pas avoir "
            "signé d'autre demande adressée à cette collectivité ce trimestre."
        ),
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class PaperSignatureForm(SignatureForm):
    declaration = None  # type: ignore[assignment]


class ElectorateForm(forms.Form):
    territory = TerritoryChoiceField(label=_("Collectivité"), queryset=Territory.objects.none())
    registered_voters = forms.IntegerField(
        label=_("Électeurs inscrits"), min_value=1, max_value=100_000_000
    )
    roll_date = forms.DateField(
        label=_("Date de la liste électorale"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class FollowUpForm(forms.Form):
    acknowledged_at = forms.DateField(
        label=_("Accusé de réception le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    meeting_date = forms.DateField(
        label=_("Séance où l'assemblée a été informée"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    meeting_label = forms.CharField(
        label=_("Intitulé de la séance"), max_length=300, required=False
    )
    decided_at = forms.DateField(
        label=_("Décision le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decision = forms.CharField(
        label=_("Décision de l'assemblée"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
