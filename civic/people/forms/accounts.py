"""Sign-up: one short form — real name, email, password, home commune, charter."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic.common.fields import CommuneField, PersonNameField, check_name_length
from civic.people.services import create_profile
from civic.territories.settings import root_territory


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the portal's fields, saved all at once or not at all."""

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "home_commune",
        "accept_charter",
    ]

    first_name = PersonNameField(
        label=_("Prénom"),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = PersonNameField(
        label=_("Nom"),
        help_text=_("Votre vrai nom : il est affiché à côté de vos messages. Pas de pseudonyme."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    home_commune = CommuneField(label=_("Commune de résidence"))
    accept_charter = forms.BooleanField(
        label=_("J'ai lu et j'accepte la charte de participation du portail."),
        error_messages={"required": _("Vous devez accepter la charte pour vous inscrire.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].root = root_territory()

    def clean(self):
        cleaned = super().clean()
        check_name_length(self)
        return cleaned

    def save(self, request):
        with transaction.atomic():
            return super().save(request)

    def signup(self, request, user):
        """Called by allauth once the user exists, inside the transaction of save()."""
        create_profile(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            home_commune=self.cleaned_data["home_commune"],
        )
