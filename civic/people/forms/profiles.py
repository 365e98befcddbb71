"""Forms of "Mon compte": the profile, verification requests, account deletion, staff decisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from civic.common.fields import CommuneField, PersonNameField, check_name_length
from civic.common.widgets import LongSelect
from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.settings import CivicSettings, root_territory

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class ProfileForm(forms.ModelForm):
    first_name = PersonNameField(label=_("Prénom"))
    last_name = PersonNameField(label=_("Nom"))
    home_commune = CommuneField(label=_("Commune de résidence"))
    avatar = forms.ImageField(
        label=_("Photo ou logo"),
        required=False,
        help_text=_("Image JPEG, PNG, WebP ou GIF de 2 Mo au plus."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Profile
        fields = [
            "first_name",
            "last_name",
            "civility",
            "home_commune",
            "bio",
            "avatar",
            "links",
            "hide_from_directory",
            "name_form",
        ]
        widgets = {
            "name_form": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].root = root_territory()
        user = self.instance.user
        self.initial.setdefault("first_name", user.first_name)
        self.initial.setdefault("last_name", user.last_name)
        if self.instance.kind != Profile.Kind.CITIZEN and self.instance.is_verified:
            # Verified associations and elected officials are public by nature.
            del self.fields["hide_from_directory"]
        if self.instance.is_certified:
            # FranceConnect's names: shown, never taken from the form.
            # (Plain fields: the State's spelling is not held to the rule for typed names.)
            for name in ("first_name", "last_name"):
                self.fields[name] = forms.CharField(
                    label=self.fields[name].label,
                    disabled=True,
                    required=False,
                    help_text=_("Certifié par FranceConnect : non modifiable."),
                )
        if not (
            self.instance.is_certified
            and self.instance.kind == Profile.Kind.CITIZEN
            and CivicSettings.current().allow_initial_names
        ):
            del self.fields["name_form"]

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if not avatar or avatar is False or not hasattr(avatar, "image"):
            return avatar
        if avatar.size > AVATAR_MAX_BYTES:
            raise ValidationError(
                _("L'image pèse plus de 2 Mo : choisissez une image plus légère.")
            )
        if getattr(avatar.image, "format", None) not in AVATAR_FORMATS:
            raise ValidationError(
                _("Format d'image non accepté : utilisez JPEG, PNG, WebP ou GIF.")
            )
        return avatar

    def clean(self):
        cleaned = super().clean()
        check_name_length(self)
        return cleaned

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _(
                        "« %(link)s » n'est pas une adresse web valide (elle doit commencer par https://)."
                    )
                    % {"link": line}
                ) from None
        if len(lines) > 5:
            raise ValidationError(_("Indiquez cinq liens au plus."))
        return "\n".join(lines)


def territory_choices(root):
    """Territories an association acts in or a mandate covers: the root and what lies inside it."""
    qs = Territory.objects.exclude(kind=Territory.Kind.QUARTIER)
    if root is not None:
        qs = qs.within(root)
    return qs.in_french_order()


class TerritoryChoiceField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj):
        # Translated once per list, not once per option (get_kind_display() costs a gettext).
        labels = getattr(self, "_kind_labels", None)
        if labels is None:
            labels = self._kind_labels = {
                kind: str(label) for kind, label in Territory.Kind.choices
            }
        return f"{obj.name} — {labels[obj.kind]}"


class AssociationRequestForm(forms.ModelForm):
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")

    class Meta:
        model = Profile
        fields = ["organisation_name", "rna", "siren", "purpose", "website", "action_territory"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "rna": _("W suivi de 9 chiffres, sur le récépissé de déclaration en préfecture."),
            "siren": _("9 chiffres, si l'association est immatriculée à l'INSEE."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].required = True
        self.fields["purpose"].required = True
        self.fields["action_territory"] = TerritoryChoiceField(
            label=_("Territoire d'action"),
            queryset=territory_choices(root_territory()),
        )
        self.fields["rna"].widget.attrs["pattern"] = "W[0-9]{9}"
        self.fields["siren"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{9}"})

    def clean_rna(self):
        return self.cleaned_data["rna"].strip().upper().replace(" ", "")

    def clean_siren(self):
        return self.cleaned_data["siren"].replace(" ", "")

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("rna")
            and not cleaned.get("siren")
            and not self.has_error("rna")
            and not self.has_error("siren")
        ):
            raise ValidationError(_("Indiquez le numéro RNA ou le numéro SIREN de l'association."))
        return cleaned


class ElectedRequestForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["civility", "office", "mandate_territory", "mandate_start", "political_group"]
        widgets = {"mandate_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].required = True
        self.fields["mandate_start"].required = True
        self.fields["mandate_territory"] = TerritoryChoiceField(
            label=_("Territoire du mandat"),
            queryset=territory_choices(root_territory()),
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mot de passe incorrect : votre compte n'a pas été supprimé."))
        return password


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("approve", _("Approuver")), ("reject", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire en cas de refus : il est envoyé à la personne."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", _("Indiquez le motif du refus : il sera envoyé à la personne.")
            )
        return cleaned
