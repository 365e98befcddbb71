"""FranceConnect's pages: sign in (or up), the return from FranceConnect, linking an account,
finishing a sign-up, signing out through FranceConnect, unlinking."""

import requests
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from civic.common.fields import CommuneField
from civic.identity import franceconnect as fc
from civic.identity import services
from civic.people.models import NameForm
from civic.territories.settings import CivicSettings, root_territory

# The session backend every other sign-in uses (it loads whether the address is confirmed).
SESSION_BACKEND = "civic.people.auth_backends.AccountBackend"

REFUSED = gettext_lazy(
    "La connexion avec FranceConnect n'a pas pu être vérifiée : pour votre sécurité, elle a été "
    "refusée. Réessayez, ou connectez-vous avec votre adresse électronique et votre mot de passe."
)
UNAVAILABLE = gettext_lazy(
    "FranceConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou "
    "connectez-vous avec votre adresse électronique et votre mot de passe."
)

EMAIL_TAKEN = gettext_lazy(
    "Un compte existe déjà avec l'adresse que FranceConnect nous a transmise. Connectez-vous "
    "avec votre mot de passe, puis reliez FranceConnect depuis « Mon compte » : rien n'est "
    "relié sans vous."
)


def _configured_or_404():
    if not fc.is_configured():
        raise Http404


def _to_login(request, message):
    messages.error(request, message)
    return redirect("account_login")


class SignIn(OIDCAuthenticationRequestView):
    """To FranceConnect, with state, nonce, the eIDAS level and the scopes FranceConnect asks."""

    get_settings = staticmethod(fc.oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoints are read on each request, not at start

    def get(self, request):
        _configured_or_404()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = fc.discovery()["authorization_endpoint"]
        except fc.ProviderUnavailable:
            return _to_login(request, UNAVAILABLE)
        self.OIDC_RP_CLIENT_ID = settings.FRANCECONNECT_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request):
        return {"acr_values": settings.FRANCECONNECT_ACR, "prompt": "login consent"}


class Callback(OIDCAuthenticationCallbackView):
    """Back from FranceConnect: every check failed is a French message, never an error page."""

    get_settings = staticmethod(fc.oidc_setting)

    def get(self, request):
        _configured_or_404()
        if request.GET.get("error"):
            request.session.pop(fc.LINK_USER, None)
            return _to_login(request, _("La connexion avec FranceConnect a été annulée."))
        try:
            return super().get(request)
        except (fc.ProviderUnavailable, requests.RequestException):
            return _to_login(request, UNAVAILABLE)
        except SuspiciousOperation:
            request.session.pop(fc.ID_TOKEN, None)
            return _to_login(request, REFUSED)

    def login_success(self):
        self.user.backend = SESSION_BACKEND
        response = super().login_success()
        outcome = self.request.session.pop(fc.OUTCOME, None)
        if outcome == fc.LINKED:
            messages.success(
                self.request,
                _("Votre compte est relié à FranceConnect : votre identité est certifiée."),
            )
            return redirect("account:home")
        return response

    def login_failure(self):
        session = self.request.session
        outcome = session.pop(fc.OUTCOME, None)
        if outcome == fc.SIGNUP:
            return redirect("franceconnect:signup")
        session.pop(fc.ID_TOKEN, None)
        if outcome == fc.EMAIL_TAKEN:
            return _to_login(self.request, EMAIL_TAKEN)
        if outcome == fc.ALREADY_LINKED:
            messages.error(
                self.request,
                _("Cette identité FranceConnect est déjà reliée à un autre compte du portail."),
            )
            return redirect("account:home")
        return _to_login(self.request, REFUSED)


@require_POST
@login_required
def link(request):
    """Link the signed-in account: FranceConnect is asked, and its answer certifies this one."""
    _configured_or_404()
    request.session[fc.LINK_USER] = request.user.pk
    return redirect("franceconnect:sign_in")


class FranceConnectSignupForm(forms.Form):
    name_form = forms.ChoiceField(
        label=gettext_lazy("Nom affiché à côté de vos messages"),
        choices=NameForm.choices,
        initial=NameForm.FULL,
        widget=forms.RadioSelect,
    )
    home_commune = CommuneField(label=gettext_lazy("Commune de résidence"))
    accept_charter = forms.BooleanField(
        label=gettext_lazy("J'ai lu et j'accepte la charte de participation du portail."),
        error_messages={
            "required": gettext_lazy("Vous devez accepter la charte pour vous inscrire.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].root = root_territory()
        if not CivicSettings.current().allow_initial_names:
            del self.fields["name_form"]


@require_http_methods(["GET", "POST"])
def signup(request):
    """The end of a sign-up with FranceConnect: the names are the State's, the rest is asked."""
    _configured_or_404()
    pending = request.session.get(fc.PENDING)
    if not pending:
        return redirect("account_login")
    form = FranceConnectSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if get_user_model().objects.filter(email__iexact=pending["email"]).exists():
            # Taken meanwhile (a password sign-up): never merged, as at the return.
            del request.session[fc.PENDING]
            return _to_login(request, EMAIL_TAKEN)
        try:
            user = services.sign_up_with_franceconnect(
                identity=pending,
                home_commune=form.cleaned_data["home_commune"],
                name_form=form.cleaned_data.get("name_form", NameForm.FULL),
            )
        except IntegrityError:
            del request.session[fc.PENDING]
            return _to_login(request, REFUSED)
        id_token = pending.get("id_token")
        del request.session[fc.PENDING]
        auth.login(request, user, backend=SESSION_BACKEND)
        request.session[fc.ID_TOKEN] = id_token
        messages.success(request, _("Bienvenue ! Votre identité est certifiée par FranceConnect."))
        return redirect("account:home")
    return render(
        request,
        "civic/identity/franceconnect_signup.html",
        {"form": form, "given_name": pending["given_name"], "family_name": pending["family_name"]},
    )


@require_POST
def logout(request):
    """Sign out of the portal and, for a FranceConnect session, of FranceConnect too."""
    id_token = request.session.get(fc.ID_TOKEN)
    auth.logout(request)
    if id_token and fc.is_configured():
        state = get_random_string(32)
        url = fc.end_session_url(
            request,
            id_token=id_token,
            state=state,
            redirect_uri=request.build_absolute_uri(reverse("franceconnect:logged_out")),
        )
        if url:
            request.session[fc.LOGOUT_STATE] = state
            return redirect(url)
        messages.warning(
            request,
            _(
                "Vous êtes déconnecté·e du portail, mais FranceConnect ne répond pas : fermez "
                "votre navigateur pour vous en déconnecter aussi."
            ),
        )
        return redirect("/")
    messages.success(request, _("Vous êtes déconnecté·e."))
    return redirect("/")


def logged_out(request):
    """Back from FranceConnect's logout: the state we sent must come back."""
    expected = request.session.pop(fc.LOGOUT_STATE, None)
    if expected and request.GET.get("state") == expected:
        messages.success(request, _("Vous êtes déconnecté·e du portail et de FranceConnect."))
    else:
        messages.warning(request, _("Vous êtes déconnecté·e du portail."))
    return redirect("/")


@require_POST
@login_required
def unlink(request):
    """Back to a declared identity. An account without a password must first choose one."""
    if not request.user.has_usable_password():
        messages.error(
            request,
            _(
                "Choisissez d'abord un mot de passe (« Mot de passe oublié » sur la page de "
                "connexion) : sans FranceConnect, c'est avec lui que vous vous connecterez."
            ),
        )
        return redirect("account:home")
    services.unlink_franceconnect(user=request.user)
    request.session.pop(fc.ID_TOKEN, None)
    messages.success(
        request,
        _(
            "FranceConnect n'est plus relié à votre compte : votre identité est de nouveau déclarée."
        ),
    )
    return redirect("account:home")
