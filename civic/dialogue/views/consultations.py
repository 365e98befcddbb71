"""Consultations: opening one in a group, closing it, the official answer, the list of all."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civic.dialogue import permissions as rules
from civic.dialogue.forms import ConsultationForm, OfficialAnswerForm
from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.services import answers
from civic.dialogue.services import discussions as services
from civic.dialogue.views.discussions import _group
from civic.dialogue.views.helpers import refuse
from civic.territories.models import places_within
from civic.territories.visitors import home_area_context, listing_data

PER_PAGE = 20


def consultation_list(request):
    """/consultations/: open ones first (soonest closing first), then the closed ones."""
    consultations = (
        Consultation.objects.visible()
        .select_related(
            "discussion__group__territory",
            "official_answer",
        )
        .open_first()
    )
    data, area = listing_data(request)
    place = (data or {}).get("territory", "")
    if place.isdigit():  # the visitor's area, or a place named in the address
        consultations = consultations.filter(
            discussion__group__territory__in=places_within(int(place))
        )
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/consultations/list.html",
        {
            "page_obj": page,
            "consultations": page.object_list,
            **home_area_context(request, area),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request, slug):
    group = _group(request, slug)
    if not rules.can_open_consultation(request.user, group):
        return refuse(request)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultation = services.open_consultation(
            user=request.user,
            group=group,
            title=form.cleaned_data["title"],
            question=form.cleaned_data["question"],
            closes_at=form.cleaned_data["closes_at"],
            audience=form.cleaned_data["audience"],
        )
        messages.success(
            request,
            _("La consultation est ouverte. Ajoutez-lui des questions si vous le souhaitez."),
        )
        return redirect("dialogue:poll_edit", pk=consultation.discussion_id)
    return render(request, "civic/consultations/form.html", {"group": group, "form": form})


def _consultation(pk):
    return get_object_or_404(
        Consultation.objects.select_related("discussion__group__territory"), discussion_id=pk
    )


@require_http_methods(["GET", "POST"])
def official_answer(request, pk):
    if not Consultation.objects.filter(discussion_id=pk).exists():
        return discussion_answer(request, pk)
    consultation = _consultation(pk)
    if not rules.can_publish_official_answer(request.user, consultation):
        return refuse(
            request,
            _("La réponse officielle se publie une fois la consultation close, une seule fois."),
            fallback=consultation.discussion.get_absolute_url(),
        )
    form = OfficialAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.publish_official_answer(
            user=request.user, consultation=consultation, body=form.cleaned_data["body"]
        )
        messages.success(request, _("La réponse officielle est publiée en tête de la discussion."))
        return redirect(consultation.discussion)
    return render(
        request,
        "civic/consultations/answer_form.html",
        {
            "consultation": consultation,
            "discussion": consultation.discussion,
            "group": consultation.discussion.group,
            "form": form,
            "signature": services.signature(request.user),
        },
    )


def discussion_answer(request, pk):
    """The official answer to a discussion that is not a consultation."""
    discussion = get_object_or_404(Discussion.objects.select_related("group__territory"), pk=pk)
    if not rules.can_view_discussion(request.user, discussion):
        raise Http404
    if not rules.can_answer_discussion(request.user, discussion):
        return refuse(
            request,
            _(
                "Cette discussion a déjà sa réponse officielle : corrigez-la ou complétez son suivi."
            ),
            fallback=discussion.get_absolute_url(),
        )
    form = OfficialAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers.answer_discussion(
            user=request.user, discussion=discussion, body=form.cleaned_data["body"]
        )
        messages.success(request, _("La réponse officielle est publiée en tête de la discussion."))
        return redirect(discussion)
    return render(
        request,
        "civic/consultations/answer_form.html",
        {
            "discussion": discussion,
            "group": discussion.group,
            "form": form,
            "signature": answers.signature(request.user),
        },
    )
