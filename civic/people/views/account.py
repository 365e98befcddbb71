"""Mon compte: the person's own profile, verification requests and data."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods

from civic.people import permissions
from civic.people import services as services
from civic.people.forms.profiles import (
    AssociationRequestForm,
    DeleteAccountForm,
    ElectedRequestForm,
    ProfileForm,
)
from civic.people.models import Profile

REQUEST_FORMS = {
    "association": (Profile.Kind.ASSOCIATION, AssociationRequestForm),
    "elu": (Profile.Kind.ELECTED, ElectedRequestForm),
}


@login_required
def account_home(request):
    profile = services.ensure_profile(request.user)
    return render(
        request,
        "civic/account/home.html",
        {
            "profile": profile,
            "confirmed": permissions.has_confirmed_email(request.user),
            "decisions": profile.decisions.all()[:10],
            "can_request": permissions.can_request_verification(request.user),
            "can_delete": permissions.can_delete_own_account(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile = services.ensure_profile(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        avatar = data.pop("avatar")
        services.update_profile(
            profile=profile,
            avatar=avatar if avatar is False or hasattr(avatar, "image") else None,
            **data,
        )
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("account:home")
    return render(request, "civic/account/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def request_verification(request, kind):
    if kind not in REQUEST_FORMS:
        raise Http404
    profile_kind, form_class = REQUEST_FORMS[kind]
    if not permissions.can_request_verification(request.user):
        if not permissions.has_confirmed_email(request.user):
            messages.error(
                request,
                _("Confirmez d'abord votre adresse électronique : le lien vous a été envoyé."),
            )
        else:
            messages.info(request, _("Votre demande est déjà en cours d'examen."))
        return redirect("account:home")
    profile = services.ensure_profile(request.user)
    form = form_class(
        request.POST or None, instance=profile if profile.kind == profile_kind else None
    )
    if request.method == "POST" and form.is_valid():
        services.request_verification(
            profile=profile, kind=profile_kind, identity=form.cleaned_data
        )
        messages.success(
            request,
            _("Votre demande a été envoyée. L'équipe du portail la vérifiera et vous écrira."),
        )
        return redirect("account:home")
    return render(
        request,
        "civic/account/verification_form.html",
        {"form": form, "kind": profile_kind, "kind_label": Profile.Kind(profile_kind).label},
    )


class PersonalDataExport(LoginRequiredMixin, View):
    """« Mes données », a JSON file. `shares`: functions user -> dict adding other apps' share of
    the person's data, given by the project's URLconf (portal/urls.py)."""

    shares = ()

    def get(self, request):
        if not permissions.can_export_own_data(request.user):
            raise PermissionDenied
        data = services.export_personal_data(user=request.user)
        for share in self.shares:
            data.update(share(request.user))
        return _json_attachment(json.dumps(data, ensure_ascii=False, indent=2))


export_data = PersonalDataExport.as_view()


def _json_attachment(payload):
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"parvis-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if not permissions.can_delete_own_account(request.user):
        messages.error(
            request,
            _(
                "Un compte administrateur ne peut pas être supprimé ici : demandez à un autre administrateur."
            ),
        )
        return redirect("account:home")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Votre compte et vos données personnelles ont été supprimés."))
        return redirect("/")
    return render(request, "civic/account/delete.html", {"form": form})
