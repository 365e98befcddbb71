"""Petitions under article L1112-16 CGCT: the list, a petition's page, signing, the formal request,
paper signatures and the follow-up entered by staff."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.dialogue.views.helpers import refuse
from civic.participation import permissions as rules
from civic.participation import services
from civic.participation.forms import (
    ElectorateForm,
    FollowUpForm,
    PaperSignatureForm,
    PetitionForm,
    ReportForm,
    SignatureForm,
)
from civic.participation.models import Electorate, Petition, PetitionSignature
from civic.participation.pdf import formal_request_pdf
from civic.people.filters import directory_territories
from civic.territories.models import Territory

PER_PAGE = 20


def petition_list(request):
    petitions = Petition.objects.visible().with_related().order_by("status", "-created_at", "-pk")
    page = Paginator(petitions, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/participation/petition_list.html",
        {
            "page_obj": page,
            "petitions": page.object_list,
            "can_open": rules.can_open_petition(request.user),
            "can_set_electorate": rules.can_set_electorate(request.user),
        },
    )


def _petition(request, pk):
    petition = get_object_or_404(Petition.objects.with_related(), pk=pk)
    if not rules.can_view_petition(request.user, petition):
        raise Http404
    return petition


def _communes_of(petition):
    # A département's hundreds of communes in a <select>: only what an option shows.
    return (
        Territory.objects.within(petition.collectivity)
        .communes()
        .only("pk", "name", "kind")
        .order_by("name")
    )


def petition_detail(request, pk, *, forms=None):
    petition = _petition(request, pk)
    user = request.user
    forms = forms or {}
    signed = (
        user.is_authenticated
        and PetitionSignature.objects.filter(petition=petition, user=user).exists()
    )
    refusal = ""
    if not signed:
        refusal = rules.sign_refusal(
            user,
            petition,
            signed_this_quarter=user.is_authenticated
            and services.signed_this_quarter(user, petition.collectivity),
        )
    context = {
        "petition": petition,
        "signed": signed,
        "sign_refusal": refusal,
        "can_record": rules.can_record_follow_up(user, petition),
        "can_enter_paper": rules.can_enter_paper_signatures(user, petition),
        "can_see_signatures": rules.can_see_signatures(user, petition),
        "can_report": rules.can_report(user, petition),
        "can_moderate": rules.can_moderate(user),
    }
    if forms.get("sign"):  # a refused signature: its message, and what was typed
        context["sign_form"] = forms["sign"]
    elif not signed and not refusal:
        context["sign_form"] = SignatureForm(communes=_communes_of(petition))
    if context["can_enter_paper"]:
        context["paper_form"] = forms.get("paper") or PaperSignatureForm(
            communes=_communes_of(petition), prefix="papier"
        )
    if context["can_record"]:
        context["follow_up_form"] = forms.get("follow_up") or FollowUpForm(
            initial={
                "acknowledged_at": petition.acknowledged_at,
                "meeting_date": petition.meeting_date,
                "meeting_label": petition.meeting_label,
                "decided_at": petition.decided_at,
                "decision": petition.decision,
            }
        )
    return render(request, "civic/participation/petition_detail.html", context)


@require_http_methods(["GET", "POST"])
def petition_create(request):
    if not rules.can_open_petition(request.user):
        return refuse(request)
    collectivities = (
        Territory.objects.filter(electorate__isnull=False)
        .filter(pk__in=directory_territories(request).values("pk"))
        .order_by("kind", "name")
    )
    form = PetitionForm(request.POST or None, collectivities=collectivities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition = services.open_petition(
                user=request.user,
                collectivity=data["collectivity"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("La pétition est ouverte aux signatures."))
            return redirect(petition)
    return render(request, "civic/participation/petition_form.html", {"form": form})


@require_POST
def petition_sign(request, pk):
    petition = _petition(request, pk)
    if not request.user.is_authenticated:
        return refuse(request)
    form = SignatureForm(request.POST, communes=_communes_of(petition))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.sign(
                user=request.user,
                petition=petition,
                last_name=data["last_name"],
                first_names=data["first_names"],
                birth_date=data["birth_date"],
                commune=data["commune"],
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Votre signature est enregistrée. Merci !"))
            return redirect(petition)
    return petition_detail(request, pk, forms={"sign": form})


@require_POST
def petition_paper(request, pk):
    petition = _petition(request, pk)
    if not rules.can_enter_paper_signatures(request.user, petition):
        return refuse(request)
    form = PaperSignatureForm(request.POST, communes=_communes_of(petition), prefix="papier")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_paper_signature(
                user=request.user,
                petition=petition,
                last_name=data["last_name"],
                first_names=data["first_names"],
                birth_date=data["birth_date"],
                commune=data["commune"],
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("La signature sur papier est enregistrée."))
            return redirect(petition)
    return petition_detail(request, pk, forms={"paper": form})


@require_POST
def petition_follow_up(request, pk):
    petition = _petition(request, pk)
    if not rules.can_record_follow_up(request.user, petition):
        return refuse(request)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.record_follow_up(user=request.user, petition=petition, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Le suivi de la demande est publié."))
            return redirect(petition)
    return petition_detail(request, pk, forms={"follow_up": form})


def petition_pdf(request, pk):
    petition = _petition(request, pk)
    if not petition.was_sent:
        raise Http404
    response = HttpResponse(formal_request_pdf(petition), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="demande-petition-{petition.pk}.pdf"'
    return response


def petition_signatures(request, pk):
    """The signers, for the council's check against the rolls (CSV): staff only."""
    petition = _petition(request, pk)
    if not rules.can_see_signatures(request.user, petition):
        return refuse(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="signatures-petition-{petition.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Nom"),
            _("Prénoms"),
            _("Date de naissance"),
            _("Commune d'inscription"),
            _("Code INSEE"),
            _("Source"),
            _("Saisie par"),
            _("Signée le"),
        ]
    )
    rows = PetitionSignature.objects.filter(petition=petition).select_related("commune")
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.last_name,
                row.first_names,
                row.birth_date.isoformat(),
                row.commune.name,
                row.commune.code,
                row.get_source_display(),
                row.entered_by_name,
                row.created_at.isoformat(),
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def petition_report(request, pk):
    petition = _petition(request, pk)
    if not rules.can_report(request.user, petition):
        return refuse(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report(
            user=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            petition=petition,
        )
        messages.success(request, _("Merci : la modération examinera votre signalement."))
        return redirect(petition)
    return render(
        request,
        "civic/participation/report_form.html",
        {"form": form, "item": petition, "back": petition.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def electorates(request):
    """Staff enter the registered voters of their collectivity, with the date of the roll."""
    if not rules.can_set_electorate(request.user):
        return refuse(request)
    territories = directory_territories(request).filter(kind__in=services.COLLECTIVITY_KINDS)
    form = ElectorateForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_electorate(user=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Le nombre d'électeurs inscrits est enregistré."))
            return redirect("participation:electorates")
    return render(
        request,
        "civic/participation/electorates.html",
        {
            "form": form,
            "electorates": Electorate.objects.select_related("territory").order_by(
                "territory__name"
            ),
        },
    )
