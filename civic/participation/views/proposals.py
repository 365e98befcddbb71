"""Proposals: the list with its filters, a proposal's page, proposing, supporting, the « suivi »."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.dialogue.views.helpers import refuse
from civic.participation import permissions as rules
from civic.participation import services
from civic.participation.forms import (
    CommentForm,
    HideForm,
    ProposalFilterForm,
    ProposalForm,
    ReportForm,
    StatusUpdateForm,
    ThresholdForm,
)
from civic.participation.models import (
    Petition,
    Proposal,
    ProposalComment,
    ProposalCommuneCount,
    ProposalFollow,
    ProposalSupport,
    SupportThreshold,
)
from civic.people.filters import directory_territories
from civic.territories.models import Territory

PER_PAGE = 20
COMMUNES_SHOWN = 30
SUPPORTERS_SHOWN = 12
# The « suivi » form shares the page with the comment form: its fields get their own ids.
STATUS_PREFIX = "suivi"


def proposal_list(request):
    """/propositions/: filtered by territory (containment), theme and state; three sorts."""
    form = ProposalFilterForm(request.GET or None, territories=directory_territories(request))
    proposals = Proposal.objects.visible().with_related()
    sort = "recentes"
    if form.is_valid():
        data = form.cleaned_data
        if data["territory"]:
            proposals = proposals.within(data["territory"])
        if data["theme"]:
            proposals = proposals.filter(theme=data["theme"])
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        sort = data["sort"] or sort
    proposals = proposals.sorted_by(sort)
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "civic/participation/proposal_list.html",
        {
            "form": form,
            "page_obj": page,
            "proposals": page.object_list,
            "query": query.urlencode(),
            "can_propose": rules.can_propose(request.user),
            "can_set_thresholds": rules.can_set_thresholds(request.user),
        },
    )


def _proposal(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "territory",
            "theme",
            "author__profile__home_commune",
            "author__profile__mandate_territory",
        ),
        pk=pk,
    )
    if not rules.can_view_proposal(request.user, proposal):
        raise Http404  # the same answer as a missing one
    return proposal


def proposal_detail(request, pk, *, forms=None):
    proposal = _proposal(request, pk)
    user = request.user
    forms = forms or {}
    context = {
        "proposal": proposal,
        "commune_counts": list(
            ProposalCommuneCount.objects.filter(proposal=proposal, supports__gt=0)
            .select_related("commune")
            .order_by("-supports", "commune__name")[:COMMUNES_SHOWN]
        ),
        "updates": list(proposal.updates.all()),
        "comments": list(proposal.comments.shown()),
        "support_refusal": rules.support_refusal(user, proposal),
        "can_update_status": rules.can_update_status(user, proposal),
        "can_comment": rules.can_comment(user, proposal),
        "can_follow": rules.can_follow_proposal(user, proposal),
        "can_report": rules.can_report(user, proposal),
        "can_moderate": rules.can_moderate(user),
        "comment_form": forms.get("comment") or CommentForm(),
        "status_form": forms.get("status") or StatusUpdateForm(prefix=STATUS_PREFIX),
    }
    if user.is_authenticated:
        flags = Proposal.objects.filter(pk=proposal.pk).values(
            supported=Exists(ProposalSupport.objects.filter(proposal=OuterRef("pk"), user=user)),
            following=Exists(ProposalFollow.objects.filter(proposal=OuterRef("pk"), user=user)),
        )[0]
        context.update(flags)
    if rules.can_see_supporter_names(user):
        context["recent_supporters"] = list(
            ProposalSupport.objects.filter(proposal=proposal)
            .select_related("user__profile")
            .order_by("-created_at", "-pk")[:SUPPORTERS_SHOWN]
        )
    return render(request, "civic/participation/proposal_detail.html", context)


def _home_territories(user):
    commune = rules.home_commune_id(user)
    if commune is None:
        return Territory.objects.none()
    return Territory.objects.containing(commune).order_by("-descendant_links__depth", "name")


@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if not rules.can_propose(request.user):
        return refuse(
            request,
            _("Indiquez votre commune de résidence dans votre profil pour faire une proposition."),
            fallback="/mon-compte/",
        )
    territories = _home_territories(request.user)
    form = ProposalForm(request.POST or None, request.FILES or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = services.propose(
            user=request.user,
            title=data["title"],
            body=data["body"],
            theme=data["theme"],
            territory=data["territory"],
            image=data.get("image") or None,
            image_alt=data.get("image_alt") or "",
            place=data.get("place") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        messages.success(request, _("Votre proposition est publiée : faites-la connaître !"))
        return redirect(proposal)
    return render(request, "civic/participation/proposal_form.html", {"form": form})


@require_POST
def proposal_support(request, pk):
    proposal = _proposal(request, pk)
    if not request.user.is_authenticated:
        return refuse(request)
    try:
        services.support(user=request.user, proposal=proposal)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Merci : votre soutien est compté."))
    return redirect(proposal)


@require_POST
def proposal_withdraw(request, pk):
    proposal = _proposal(request, pk)
    if not request.user.is_authenticated:
        return refuse(request)
    try:
        if services.withdraw_support(user=request.user, proposal=proposal):
            messages.success(request, _("Votre soutien est retiré."))
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(proposal)


@require_POST
def proposal_follow(request, pk):
    proposal = _proposal(request, pk)
    if not rules.can_follow_proposal(request.user, proposal):
        return refuse(request)
    if request.POST.get("stop"):
        services.unfollow(user=request.user, proposal=proposal)
        messages.success(request, _("Vous ne suivez plus cette proposition."))
    else:
        services.follow(user=request.user, proposal=proposal)
        messages.success(
            request, _("Vous suivez cette proposition : chaque étape arrive dans votre résumé.")
        )
    return redirect(proposal)


@require_POST
def proposal_update(request, pk):
    proposal = _proposal(request, pk)
    if not rules.can_update_status(request.user, proposal):
        return refuse(request)
    form = StatusUpdateForm(request.POST, request.FILES, prefix=STATUS_PREFIX)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_status(
                user=request.user,
                proposal=proposal,
                status=data["status"],
                text=data["text"],
                service=data["service"],
                photo=data.get("photo") or None,
                photo_alt=data["photo_alt"],
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Le suivi est publié ; les soutiens en sont avertis."))
            return redirect(proposal)
    return proposal_detail(request, pk, forms={"status": form})


@require_POST
def proposal_comment(request, pk):
    proposal = _proposal(request, pk)
    if not rules.can_comment(request.user, proposal):
        return refuse(request)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment(user=request.user, proposal=proposal, text=form.cleaned_data["text"])
        messages.success(request, _("Votre commentaire est publié."))
        return redirect(proposal)
    return proposal_detail(request, pk, forms={"comment": form})


@require_http_methods(["GET", "POST"])
def report(request, pk, *, what="proposal"):
    if what == "comment":
        item = get_object_or_404(ProposalComment.objects.select_related("proposal"), pk=pk)
        proposal = item.proposal
    else:
        item = proposal = _proposal(request, pk)
    if not rules.can_report(request.user, item):
        return refuse(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report(
            user=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            proposal=proposal if what == "proposal" else None,
            comment=item if what == "comment" else None,
        )
        messages.success(request, _("Merci : la modération examinera votre signalement."))
        return redirect(proposal)
    return render(
        request,
        "civic/participation/report_form.html",
        {"form": form, "item": item, "back": proposal.get_absolute_url()},
    )


@require_POST
def moderate(request, pk, *, what="proposal", action="hide"):
    if not rules.can_moderate(request.user):
        return refuse(request)
    if what == "comment":
        item = get_object_or_404(ProposalComment.objects.select_related("proposal"), pk=pk)
        proposal = item.proposal
    elif what == "petition":
        item = proposal = get_object_or_404(Petition, pk=pk)
    else:
        item = proposal = get_object_or_404(Proposal, pk=pk)
    if action == "restore":
        services.restore(user=request.user, item=item)
        messages.success(request, _("Le contenu est rétabli."))
        return redirect(proposal)
    form = HideForm(request.POST)
    if form.is_valid():
        services.hide(user=request.user, item=item, reason=form.cleaned_data["reason"])
        messages.success(request, _("Le contenu est masqué."))
    else:
        messages.error(
            request, _("Indiquez le motif du masquage : il est affiché à la place du contenu.")
        )
    return redirect(proposal)


@require_http_methods(["GET", "POST"])
def thresholds(request):
    """Staff set the support threshold of a territory (the nearest one applies)."""
    if not rules.can_set_thresholds(request.user):
        return refuse(request)
    form = ThresholdForm(request.POST or None, territories=directory_territories(request))
    if request.method == "POST" and form.is_valid():
        services.set_threshold(
            user=request.user,
            territory=form.cleaned_data["territory"],
            supports=form.cleaned_data["supports"],
        )
        messages.success(request, _("Le seuil est enregistré."))
        return redirect("participation:thresholds")
    return render(
        request,
        "civic/participation/thresholds.html",
        {
            "form": form,
            "thresholds": SupportThreshold.objects.select_related("territory").order_by(
                "territory__name"
            ),
        },
    )
