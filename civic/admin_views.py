"""Wagtail admin: the queue of association and elected-official requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from civic import permissions
from civic.forms.profiles import DecisionForm
from civic.models import Profile, VerificationDecision
from civic.services.profiles import decide_verification


def _require_verifier(request):
    if not permissions.can_verify_profiles(request.user):
        raise PermissionDenied


def verification_queue(request):
    _require_verifier(request)
    pending = Profile.objects.pending().with_related().order_by("requested_at", "pk")
    recent = VerificationDecision.objects.select_related("profile")[:20]
    return TemplateResponse(
        request,
        "civic/admin/verification_queue.html",
        {"pending": pending, "recent": recent, "header_title": _("Vérifications")},
    )


def verification_decide(request, pk):
    _require_verifier(request)
    profile = get_object_or_404(Profile.objects.with_related(), pk=pk)
    if profile.status != Profile.Status.PENDING:
        messages.info(request, _("Cette demande a déjà été traitée."))
        return redirect("civic_verifications")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decide_verification(
            profile=profile,
            moderator=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"].strip(),
        )
        if approve:
            messages.success(request, _("%(name)s est vérifié·e.") % {"name": profile.display_name})
        else:
            messages.success(
                request, _("La demande de %(name)s est refusée.") % {"name": profile.display_name}
            )
        return redirect("civic_verifications")
    return TemplateResponse(
        request,
        "civic/admin/verification_decide.html",
        {"profile": profile, "form": form, "header_title": _("Examiner une demande")},
    )
