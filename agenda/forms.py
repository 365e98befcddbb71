"""Forms of the agenda: proposing and editing an event, cancelling it, importing calendars."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda import permissions
from agenda.filters import GROUP_PREFIX
from agenda.models import Event, EventCategory
from agenda.recurrence import (
    Frequency,
    RecurrenceError,
    build_rrule,
    exdates_for_dates,
    frequency_of,
    local_dates,
    normalize_rrule,
    parse_dates,
)
from agenda.services.fetching import normalise_url
from agenda.validators import validate_agenda_date
from civic.common.fields import CommuneField
from civic.people.forms.profiles import DecisionForm as VerificationDecisionForm
from civic.territories.settings import root_territory

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
ICS_MAX_BYTES = 10 * 1024 * 1024

FREQUENCY_CHOICES = [
    (Frequency.NONE, _("Ne se répète pas")),
    (Frequency.DAILY, pgettext_lazy("repeat choice", "Tous les jours")),
    (Frequency.WEEKLY, _("Toutes les semaines, le même jour")),
    (Frequency.BIWEEKLY, _("Toutes les deux semaines, le même jour")),
    (Frequency.MONTHLY_WEEKDAY, _("Tous les mois, le même jour de la semaine (ex. : 2e samedi)")),
    (Frequency.MONTHLY_DAY, _("Tous les mois, à la même date (ex. : le 15)")),
    (Frequency.YEARLY, pgettext_lazy("repeat choice", "Tous les ans")),
    (Frequency.CUSTOM, _("Règle personnalisée (RRULE, pour les spécialistes)")),
]


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    """One form for proposing and editing; its `service_fields()` feed the services."""

    organiser_kind = forms.ChoiceField(
        label=_("Qui organise ?"),
        choices=[],
        widget=forms.RadioSelect,
        required=False,
    )
    start_date = forms.DateField(
        label=_("Date de début"), widget=date_input(), validators=[validate_agenda_date]
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), required=False, widget=time_input(), help_text=_("Ex. : 20:30")
    )
    end_date = forms.DateField(
        label=_("Date de fin"),
        required=False,
        widget=date_input(),
        validators=[validate_agenda_date],
        help_text=_("Pour un événement sur plusieurs jours. Vide : le même jour."),
    )
    end_time = forms.TimeField(label=_("Heure de fin"), required=False, widget=time_input())
    frequency = forms.ChoiceField(label=_("Répétition"), choices=FREQUENCY_CHOICES, required=False)
    until = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        widget=date_input(),
        validators=[validate_agenda_date],
        help_text=_("Dernière date de la série. Vide : sans fin prévue."),
    )
    custom_rrule = forms.CharField(
        label=_("Règle personnalisée"),
        required=False,
        max_length=500,
        help_text=_("Au format iCalendar, par exemple FREQ=WEEKLY;BYDAY=TU,TH."),
    )
    exceptions = forms.CharField(
        label=_("Dates exclues de la série"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Une date par ligne, comme 14/07/2026 : ces jours-là, l'événement n'a pas lieu."
        ),
    )
    commune = CommuneField(label=_("Commune"), required=False)
    image_file = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG, WebP ou GIF, 5 Mo au plus."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    remove_image = forms.BooleanField(label=_("Retirer l'image actuelle"), required=False)

    class Meta:
        model = Event
        fields = [
            "title",
            "category",
            "description",
            "image_alt",
            "all_day",
            "venue_name",
            "venue_address",
            "online_url",
            "is_free",
            "price",
            "registration_url",
            "more_info_url",
            *Event.ACCESSIBILITY_FIELDS,
            "accessibility_notes",
        ]
        formfield_callback = _https_urls
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "description": _(
                "Texte simple : une ligne vide sépare les paragraphes, les adresses web deviennent "
                "des liens. Gras, italique, listes et liens HTML sont acceptés."
            ),
            "venue_name": _("Ex. : Salle des fêtes, Médiathèque Madeleine."),
            "online_url": _("Pour un événement en ligne ou retransmis."),
            "price": _("Ex. : 5 €, gratuit pour les moins de 12 ans."),
        }

    field_order = [
        "organiser_kind",
        "title",
        "category",
        "description",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "all_day",
        "frequency",
        "until",
        "custom_rrule",
        "exceptions",
        "venue_name",
        "venue_address",
        "commune",
        "online_url",
        "is_free",
        "price",
        "registration_url",
        "more_info_url",
        *Event.ACCESSIBILITY_FIELDS,
        "accessibility_notes",
        "image_file",
        "image_alt",
        "remove_image",
    ]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["category"].required = True
        self.fields["category"].queryset = EventCategory.objects.all()
        self.fields["category"].empty_label = _("Choisissez une catégorie")
        self.fields["commune"].root = root_territory()
        event = self.instance
        if event.pk:
            start = timezone.localtime(event.starts_at)
            end = timezone.localtime(event.ends_at)
            last = event.last_day
            frequency, until = frequency_of(event.rrule, start.date())
            self.initial.update(
                {
                    "start_date": start.date(),
                    "start_time": None if event.all_day else start.time(),
                    "end_date": last if last != start.date() else None,
                    "end_time": None if event.all_day else end.time(),
                    "frequency": frequency,
                    "until": until,
                    "custom_rrule": event.rrule if frequency == Frequency.CUSTOM else "",
                    "exceptions": "\n".join(
                        f"{day:%d/%m/%Y}" for day in local_dates(event.exdates)
                    ),
                    "commune": event.commune,
                    "organiser_kind": event.organiser_kind,
                }
            )
            del self.fields["organiser_kind"]
        else:
            choices = [(Event.OrganiserKind.PROFILE, _("Moi-même ou mon association"))]
            if permissions.can_organise_for_council(user):
                choices.insert(0, (Event.OrganiserKind.COUNCIL, _("La collectivité")))
            for group in permissions.animated_groups(user).order_by("name"):
                choices.append(
                    (
                        f"{GROUP_PREFIX}{group.pk}",
                        _("Le groupe « %(name)s »") % {"name": group.name},
                    )
                )
            if len(choices) > 1:
                self.fields["organiser_kind"].choices = choices
                self.fields["organiser_kind"].required = True
                self.initial.setdefault("organiser_kind", choices[0][0])
            else:
                del self.fields["organiser_kind"]
        if not (event.pk and event.image_id):
            del self.fields["remove_image"]

    def clean_image_file(self):
        image = self.cleaned_data.get("image_file")
        if not image or not hasattr(image, "image"):
            return image
        if image.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                _("L'image pèse plus de 5 Mo : choisissez une image plus légère.")
            )
        if getattr(image.image, "format", None) not in IMAGE_FORMATS:
            raise ValidationError(
                _("Format d'image non accepté : utilisez JPEG, PNG, WebP ou GIF.")
            )
        return image

    def clean(self):
        cleaned = super().clean()
        self._clean_dates(cleaned)
        self._clean_recurrence(cleaned)
        if (
            not cleaned.get("commune")
            and not cleaned.get("online_url")
            and not self.has_error("commune")
        ):
            self.add_error(
                "commune",
                _("Indiquez la commune du lieu, ou un lien pour suivre l'événement en ligne."),
            )
        if cleaned.get("is_free") is False and not cleaned.get("price", "").strip():
            self.add_error("price", _("Indiquez le tarif, ou cochez « gratuit »."))
        has_image = cleaned.get("image_file") or (
            self.instance.image_id and not cleaned.get("remove_image")
        )
        if has_image and not cleaned.get("image_alt", "").strip():
            self.add_error(
                "image_alt",
                _("Décrivez l'image en quelques mots pour les personnes qui ne la voient pas."),
            )
        return cleaned

    def _clean_dates(self, cleaned):
        start_date = cleaned.get("start_date")
        if start_date is None:
            return
        end_date = cleaned.get("end_date") or start_date
        if cleaned.get("all_day"):
            starts_at = timezone.make_aware(datetime.combine(start_date, time()))
            ends_at = timezone.make_aware(datetime.combine(end_date + timedelta(days=1), time()))
        else:
            start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
            if start_time is None:
                self.add_error(
                    "start_time", _("Indiquez l'heure de début, ou cochez « toute la journée ».")
                )
                return
            if end_time is None:
                self.add_error("end_time", _("Indiquez l'heure de fin."))
                return
            starts_at = timezone.make_aware(datetime.combine(start_date, start_time))
            ends_at = timezone.make_aware(datetime.combine(end_date, end_time))
        if ends_at < starts_at:
            self.add_error(
                "end_date" if end_date < start_date else "end_time",
                _("La fin doit venir après le début."),
            )
            return
        if ends_at - starts_at > timedelta(days=366):
            self.add_error("end_date", _("Un événement dure au plus un an."))
            return
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at

    def _clean_recurrence(self, cleaned):
        cleaned["rrule"], cleaned["exdates"] = "", []
        starts_at = cleaned.get("starts_at")
        frequency = cleaned.get("frequency") or Frequency.NONE
        if starts_at is None or frequency == Frequency.NONE:
            return
        local_start = timezone.localtime(starts_at).date()
        until = cleaned.get("until")
        if until is not None and until < local_start:
            self.add_error("until", _("La dernière date de la série vient avant la première."))
            return
        try:
            if frequency == Frequency.CUSTOM:
                if not cleaned.get("custom_rrule"):
                    self.add_error("custom_rrule", _("Saisissez la règle de récurrence."))
                    return
                cleaned["rrule"] = normalize_rrule(cleaned["custom_rrule"])
            else:
                cleaned["rrule"] = build_rrule(frequency, start=local_start, until=until)
        except RecurrenceError as error:
            self.add_error("custom_rrule", str(error))
            return
        try:
            days = parse_dates(cleaned.get("exceptions"))
        except RecurrenceError as error:
            self.add_error("exceptions", str(error))
            return
        cleaned["exdates"] = exdates_for_dates(days, starts_at=starts_at)

    def organiser(self):
        """(organiser kind, group or None) chosen in the form."""
        value = self.cleaned_data.get("organiser_kind") or Event.OrganiserKind.PROFILE
        if value.startswith(GROUP_PREFIX):
            group = permissions.animated_groups(self.user).get(pk=value.removeprefix(GROUP_PREFIX))
            return Event.OrganiserKind.GROUP, group
        return value, None

    def service_fields(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        fields.update(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            rrule=data["rrule"],
            exdates=data["exdates"],
            commune=data.get("commune"),
        )
        if fields["is_free"]:
            fields["price"] = fields["price"].strip()
        return fields


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison de l'annulation"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Affichée sur la page de l'événement, par exemple « Intempéries »."),
    )


class SourceOptionsMixin(forms.Form):
    default_category = forms.ModelChoiceField(
        label=_("Catégorie par défaut"),
        queryset=EventCategory.objects.all(),
        required=False,
        empty_label=_("Aucune"),
        help_text=_("Pour les événements dont la catégorie n'est pas reconnue."),
    )
    default_commune = CommuneField(
        label=_("Commune par défaut"),
        required=False,
        help_text=_(
            "Pour les événements dont le lieu n'indique ni code postal ni commune reconnue."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_commune"].root = root_territory()
        if permissions.can_organise_for_council(user):
            self.fields["organiser_kind"] = forms.ChoiceField(
                label=_("Ces événements sont organisés par"),
                choices=[
                    (Event.OrganiserKind.COUNCIL, _("La collectivité")),
                    (Event.OrganiserKind.PROFILE, _("Moi-même ou mon association")),
                ],
                initial=Event.OrganiserKind.COUNCIL,
                widget=forms.RadioSelect,
            )

    def source_options(self):
        data = self.cleaned_data
        options = {
            "default_category": data.get("default_category"),
            "default_commune": data.get("default_commune"),
        }
        if "organiser_kind" in data:
            options["organiser_kind"] = data["organiser_kind"]
        return options


class UploadForm(SourceOptionsMixin):
    file = forms.FileField(
        label=_("Fichier iCalendar (.ics)"),
        help_text=_("Exporté depuis Google Agenda, Nextcloud, Outlook… 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    name = forms.CharField(
        label=_("Nom de ce calendrier"),
        required=False,
        max_length=200,
        help_text=_("Vide : le nom indiqué dans le fichier, ou celui du fichier."),
    )

    field_order = ["file", "name"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ICS_MAX_BYTES:
            raise ValidationError(
                _("Le fichier pèse plus de 10 Mo : exportez une période plus courte.")
            )
        # Its type, told at once; the rest of the reading is the background import's.
        head = upload.read(4096)
        upload.seek(0)
        text = head.decode("utf-8-sig", errors="replace").lstrip()
        if not text.upper().startswith("BEGIN:VCALENDAR"):
            raise ValidationError(
                _(
                    "Ce fichier n'est pas un calendrier iCalendar (.ics) : il devrait commencer "
                    "par BEGIN:VCALENDAR. Exportez-le depuis votre agenda au format iCal."
                )
            )
        return upload


class NewFileForm(forms.Form):
    file = forms.FileField(
        label=_("Nouvelle version du fichier (.ics)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def clean_file(self):
        return UploadForm.clean_file(self)


class SubscribeForm(SourceOptionsMixin):
    url = forms.CharField(
        label=_("Adresse du calendrier"),
        max_length=1000,
        help_text=_(
            "L'adresse « iCal » ou « .ics » de votre agenda en ligne (https://… ou webcal://…)."
        ),
        widget=forms.URLInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Nom de ce calendrier"), max_length=200)

    field_order = ["url", "name"]

    def clean_url(self):
        url = normalise_url(self.cleaned_data["url"])
        validator = forms.URLField(assume_scheme="https")
        try:
            validator.clean(url)
        except ValidationError:
            raise ValidationError(
                _("Cette adresse n'est pas valide : elle commence par https:// ou webcal://.")
            ) from None
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("L'adresse doit commencer par https:// ou webcal://."))
        return url


class DecisionForm(VerificationDecisionForm):
    """The staff decision on a proposed event: civic's decision form, with the agenda's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("approve", _("Publier")), ("reject", _("Refuser"))]
        self.fields["reason"].help_text = _(
            "Obligatoire en cas de refus : il est envoyé à la personne qui a proposé l'événement."
        )
