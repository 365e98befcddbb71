"""Form fields shared by civic forms."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from civic.common.text import normalize
from civic.people.models import Profile
from civic.territories.models import Territory

_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<postal>\d[\dAB]\d{3})\)\s*$")


# Letters (accented ones too) in runs joined by one space, hyphen or apostrophe: « Jean-Pierre »,
# « N'Diaye », « d’Artagnan ». No digits, no markup, nothing else.
_PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
PERSON_NAME_MAX_LENGTH = 150  # auth.User's first_name and last_name columns


class PersonNameField(forms.CharField):
    """A first or family name: whitespace collapsed, composed (NFC), letters and separators only."""

    default_error_messages = {
        "not_a_name": _(
            "« %(value)s » ne ressemble pas à un nom : n'utilisez que des lettres (accents "
            "compris), des espaces, des traits d'union et des apostrophes, sans chiffres ni "
            "signes comme < > @ ou ;."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PERSON_NAME_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return unicodedata.normalize("NFC", " ".join(text.split()))

    def validate(self, value):
        super().validate(value)
        if value and not _PERSON_NAME.match(value):
            raise ValidationError(
                self.error_messages["not_a_name"], code="not_a_name", params={"value": value}
            )


def check_name_length(form):
    """The name shown to others is « first name last name »: it must fit its column."""
    first, last = form.cleaned_data.get("first_name"), form.cleaned_data.get("last_name")
    limit = Profile._meta.get_field("display_name").max_length
    if first and last and len(f"{first} {last}") > limit:
        form.add_error(
            "last_name",
            _(
                "Votre prénom et votre nom réunis dépassent %(limit)d caractères : "
                "raccourcissez l'un des deux."
            )
            % {"limit": limit},
        )


def commune_label(commune):
    """ "Beauvais (60000)": what the commune field shows and accepts back."""
    postal = commune.postal_code_list[0] if commune.postal_codes else commune.code
    return f"{commune.name} ({postal})"


class CommuneField(forms.CharField):
    """A commune typed by name, postal code or INSEE code, resolved on the server.

    Works without JavaScript; the template may offer a <datalist> of `commune_label`s. Only
    communes inside `root` (the portal's territory) are accepted.
    """

    widget = forms.TextInput

    def __init__(self, *, root=None, **kwargs):
        self.root = root
        kwargs.setdefault(
            "help_text", _("Tapez le nom de la commune ou son code postal, par exemple Beauvais.")
        )
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "200"
        self.widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "list": "communes-du-territoire"}
        )

    def candidates(self):
        communes = Territory.objects.communes()
        if self.root is not None:
            communes = communes.within(self.root)
        return communes

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return commune_label(value)
        if isinstance(value, int):
            commune = Territory.objects.filter(pk=value).first()
            return commune_label(commune) if commune else ""
        return value

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        # Checked before the lookup: PostgreSQL refuses NUL in a query's parameters.
        ProhibitNullCharactersValidator()(text)
        match = _LABEL.match(text)
        if match:
            found = self.candidates().filter(
                search_name=normalize(match["name"]), postal_codes__contains=match["postal"]
            )
        else:
            found = self.candidates().search(text)
        found = list(found.order_by("-population")[:8])
        # "60100" is Creil's postal code and Brasseuse's INSEE code: people type postal codes.
        by_postal_code = [c for c in found if text in c.postal_code_list]
        if by_postal_code:
            found = by_postal_code
        exact = [c for c in found if c.search_name == normalize(text)]
        if len(found) == 1:
            return found[0]
        if len(exact) == 1:
            return exact[0]
        if not found:
            elsewhere = Territory.objects.communes().search(text).first()
            if elsewhere is not None and self.root is not None:
                raise ValidationError(
                    _("%(commune)s ne fait pas partie du territoire du portail (%(root)s).")
                    % {"commune": elsewhere.name, "root": self.root.name},
                    code="outside",
                )
            raise ValidationError(
                _(
                    "Aucune commune ne correspond à « %(text)s ». Vérifiez l'orthographe ou "
                    "indiquez le code postal."
                )
                % {"text": text},
                code="unknown",
            )
        raise ValidationError(
            _(
                "Plusieurs communes correspondent à « %(text)s » : %(list)s. Précisez laquelle, "
                "par exemple « %(example)s »."
            )
            % {
                "text": text,
                "list": ", ".join(commune_label(c) for c in found),
                "example": commune_label(found[0]),
            },
            code="ambiguous",
        )
