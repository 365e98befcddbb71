"""The Wagtail admin's sign-in form, in French and by email address, like the portal's."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Accounts sign in by email address everywhere (allauth's backend); Wagtail's form
        # would otherwise ask for a user name and leave the password's label in English.
        username = self.fields["username"]
        username.label = _("Adresse électronique")
        username.widget.input_type = "email"
        username.widget.attrs.update(placeholder=_("vous@exemple.fr"), autocomplete="email")
        password = self.fields["password"]
        password.label = _("Mot de passe")
        password.widget.attrs.update(
            placeholder=_("Votre mot de passe"), autocomplete="current-password"
        )
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _(
                "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez."
            ),
        }
