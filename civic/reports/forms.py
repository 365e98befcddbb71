"""The report form (works without JavaScript: address, commune, description, photos) and the
service's handling form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civic.common.fields import CommuneField
from civic.reports import photos
from civic.reports.models import StreetReport, StreetReportCategory
from civic.territories import outlines
from civic.territories.models import Territory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(file, initial) for file in files if file]


def _km_outside(lat, lon, box):
    """Roughly how far (km) the point is from the territory's outline box."""
    west, south, east, north = box
    nearest_lat = min(max(lat, south), north)
    nearest_lon = min(max(lon, west), east)
    return outlines.distance_m(lat, lon, nearest_lat, nearest_lon) / 1000


class StreetReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=StreetReportCategory.objects.none(),
        empty_label=_("Choisissez ce qui ne va pas"),
        error_messages={"required": _("Choisissez une catégorie.")},
    )
    latitude = forms.FloatField(
        required=False, widget=forms.HiddenInput(attrs={"id": "signalement-latitude"})
    )
    longitude = forms.FloatField(
        required=False, widget=forms.HiddenInput(attrs={"id": "signalement-longitude"})
    )
    address = forms.CharField(
        label=_("Adresse ou repère"),
        required=False,
        max_length=300,
        help_text=_("Par exemple « 12 rue de la Gare » ou « devant l'école Jean-Moulin »."),
    )
    commune = CommuneField(label=_("Commune"), required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qui ne va pas, en quelques mots (1 000 caractères au plus)."),
        error_messages={"required": _("Décrivez le problème en quelques mots.")},
    )
    photos = MultiplePhotoField(
        label=_("Photos (3 au plus)"),
        help_text=_(
            "JPEG, PNG, WebP ou HEIC, 12 Mo au plus chacune. Leur position GPS et leurs "
            "métadonnées sont effacées."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    remove_photos = forms.MultipleChoiceField(
        label=_("Retirer des photos déjà envoyées"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    anonymous = forms.BooleanField(
        label=_("Ne pas afficher mon nom au public"),
        required=False,
        help_text=_("Les services de la collectivité voient toujours qui a signalé."),
    )

    def __init__(self, *args, user, root: Territory | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.root = root
        categories = StreetReportCategory.objects.filter(active=True).select_related("service")
        self.fields["category"].queryset = categories
        self.fields["commune"].root = root
        self.departements = [
            code for code in outlines.departements_of(root) if outlines.outline_path(code)
        ]
        # Photos already sent with an earlier try of this form, kept across failed submits.
        token = self.data.get("kept_photos", "") if self.is_bound else ""
        self.pending = photos.read_pending_token(token, user_id=user.pk)
        self.fields["remove_photos"].choices = [
            (name, _("Photo %(n)d déjà envoyée") % {"n": n})
            for n, name in enumerate(self.pending, start=1)
        ]
        if not self.pending:
            del self.fields["remove_photos"]

    @property
    def pending_token(self):
        return photos.pending_token(user_id=self.user.pk, names=self.pending)

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        errors = []
        for upload in uploads:
            if len(self.pending) >= photos.MAX_PHOTOS:
                errors.append(
                    ValidationError(_("3 photos au plus : les suivantes n'ont pas été gardées."))
                )
                break
            try:
                content = photos.process(upload)
            except ValidationError as error:
                errors.append(error)
                continue
            # Stored at once: kept even if another field fails.
            self.pending.append(photos.store_pending(content))
        if errors:
            raise ValidationError(errors)
        return []

    def clean(self):
        data = super().clean()
        data["duplicates_seen"] = self.is_bound and self.data.get("duplicates_seen") == "on"
        removed = set(self.data.getlist("remove_photos")) if self.is_bound else set()
        self.pending = [name for name in self.pending if name not in removed]
        lat, lon = data.get("latitude"), data.get("longitude")
        commune = data.get("commune")
        has_point = lat is not None and lon is not None
        if has_point:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError(_("Le point choisi n'est pas valable : placez-le à nouveau."))
            commune = self._commune_of_point(lat, lon, commune)
        elif commune is None or not data.get("address", "").strip():
            if "commune" not in self.errors:
                raise ValidationError(
                    _(
                        "Indiquez où se trouve le problème : placez un point sur la carte, ou "
                        "saisissez l'adresse et la commune."
                    ),
                    code="no_place",
                )
            return data
        category = data.get("category")
        if category and category.territory_id and commune is not None:
            inside = Territory.objects.within(category.territory).filter(pk=commune.pk).exists()
            if not inside:
                self.add_error(
                    "category",
                    _("La catégorie « %(category)s » ne concerne que %(territory)s.")
                    % {"category": category.name, "territory": category.territory.name},
                )
        data["commune"] = commune
        data["approximate"] = not has_point
        if not has_point and commune is not None:
            centre = outlines.commune_centre(commune.code)
            data["latitude"], data["longitude"] = centre if centre else (None, None)
        return data

    def _commune_of_point(self, lat, lon, typed):
        """The commune the point falls in, from the shipped outlines; else the one typed."""
        if not self.departements:
            if typed is None:
                raise ValidationError(
                    _("Indiquez la commune où se trouve le problème."), code="no_commune"
                )
            return typed
        code = outlines.commune_code_at(lat, lon, self.departements)
        communes = Territory.objects.communes()
        if self.root is not None:
            communes = communes.within(self.root)
        found = communes.filter(code=code).first() if code else None
        if found is not None:
            return found
        box = outlines.bounds(self.departements)
        km = _km_outside(lat, lon, box) if box else 0
        if code is None and km >= 1:
            raise ValidationError(
                _(
                    "Le point choisi est hors du territoire du portail, à environ %(km)d km : "
                    "vérifiez l'emplacement."
                )
                % {"km": round(km)},
                code="outside",
            )
        if typed is not None:  # an outline the portal no longer has (a merged commune)
            return typed
        raise ValidationError(
            _(
                "Le point choisi n'est dans aucune commune du territoire du portail : "
                "vérifiez l'emplacement, ou indiquez la commune."
            ),
            code="outside",
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouvel état"), choices=StreetReport.Status.choices)
    text = forms.CharField(
        label=_("Message public"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible de tous sur la page du signalement."),
    )
    planned_for = forms.DateField(
        label=_("Date prévue (si planifié)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    resolution_photo = forms.ImageField(
        label=_("Photo après intervention (si résolu)"), required=False
    )
    reject_reason = forms.ChoiceField(
        label=_("Motif du rejet (si rejeté)"),
        required=False,
        choices=[("", "—"), *StreetReport.RejectReason.choices],
    )
    responsible_authority = forms.CharField(
        label=_("Autorité compétente (hors de nos compétences)"), required=False, max_length=200
    )
    duplicate_of = forms.IntegerField(
        label=_("Numéro du signalement d'origine (doublon)"), required=False, min_value=1
    )

    def clean_resolution_photo(self):
        upload = self.cleaned_data.get("resolution_photo")
        return photos.process(upload) if upload else None

    def clean_duplicate_of(self):
        pk = self.cleaned_data.get("duplicate_of")
        if pk is None:
            return None
        report = StreetReport.objects.filter(pk=pk).first()
        if report is None:
            raise ValidationError(_("Aucun signalement ne porte ce numéro."))
        return report


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note interne (jamais publique)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    text = forms.CharField(
        label=_("Qu'est-ce qui ne va toujours pas ?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=300)
