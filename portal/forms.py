"""Public forms of the portal: the contact form's protection against spam robots.

No JavaScript and no third party: a honeypot field that people never see, and the time the
form was displayed, signed, so that a form sent back within seconds is refused.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm

HONEYPOT_FIELD = "site_web_2"
STARTED_FIELD = "form_started"
SIGNING_SALT = "portal.contact.started"
# A person reads the form and types: robots answer in well under this many seconds.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60


def sign_start(now=None):
    return signing.dumps(now if now is not None else time.time(), salt=SIGNING_SALT)


class SpamProtectedForm(BaseForm):
    """Wagtail's form-builder form with a honeypot and a signed minimum fill time.

    When the check fails the form comes back with everything typed and a French message.
    """

    min_fill_seconds = MIN_FILL_SECONDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=sign_start
        )
        if self.is_bound:
            self._check_started_token()

    def _check_started_token(self):
        """A missing, forged or stale token is replaced, so the next try can succeed."""
        token = self.data.get(STARTED_FIELD, "")
        try:
            self.started_at = signing.loads(token, salt=SIGNING_SALT, max_age=MAX_FORM_AGE_SECONDS)
        except signing.BadSignature:
            self.started_at = None
            self.data = self.data.copy()
            self.data[STARTED_FIELD] = sign_start()

    @property
    def spam_field_names(self):
        return (HONEYPOT_FIELD, STARTED_FIELD)

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _(
                    "Votre message n'a pas été envoyé : le champ « Ne remplissez pas ce champ » "
                    "doit rester vide."
                ),
                code="honeypot",
            )
        if self.started_at is None:
            raise forms.ValidationError(
                _("Le formulaire a expiré. Vérifiez votre message puis envoyez-le de nouveau."),
                code="expired",
            )
        if time.time() - self.started_at < self.min_fill_seconds:
            raise forms.ValidationError(
                _(
                    "Le formulaire a été envoyé trop vite. Vérifiez votre message puis "
                    "envoyez-le de nouveau."
                ),
                code="too_fast",
            )
        for name in self.spam_field_names:
            cleaned_data.pop(name, None)
        return cleaned_data


class TribuneForm(forms.Form):
    """A political group's text, within the period's limit of characters (spaces included)."""

    title = forms.CharField(label=_("Titre (facultatif)"), max_length=200, required=False)
    text = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, limit, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["text"].help_text = _(
            "%(limit)d signes au plus, espaces comprises, titre compris : la même limite pour "
            "tous les groupes. Le texte est publié tel que vous l'écrivez."
        ) % {"limit": limit}

    def clean(self):
        cleaned = super().clean()
        length = len(cleaned.get("title", "")) + len(cleaned.get("text", ""))
        if length > self.limit:
            self.add_error(
                "text",
                _(
                    "Le texte compte %(length)d signes avec son titre, pour %(limit)d au plus : "
                    "raccourcissez-le de %(excess)d signes."
                )
                % {"length": length, "limit": self.limit, "excess": length - self.limit},
            )
        return cleaned
