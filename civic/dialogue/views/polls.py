"""Consultation polls (answering, editing, results, exports), closing with confirmation and
its undoing, and the follow-up of official answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import Consultation, Discussion, OfficialAnswer
from civic.dialogue.poll_forms import (
    AnswerCorrectionForm,
    FollowUpForm,
    PollForm,
    PollSettingsForm,
    QuestionFormSet,
    question_initial,
)
from civic.dialogue.services import answers as answer_services
from civic.dialogue.services import discussions as services
from civic.dialogue.services import poll_results, polls
from civic.dialogue.views.helpers import refuse
from civic.territories.settings import root_territory


def _consultation(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("discussion__group__territory", "audience_territory"),
        discussion_id=pk,
    )
    if not rules.can_view_discussion(request.user, consultation.discussion):
        raise Http404
    return consultation


def _context(consultation, **extra):
    discussion = consultation.discussion
    return {
        "consultation": consultation,
        "discussion": discussion,
        "group": discussion.group,
        **extra,
    }


def apply_service_errors(form, error):
    """A ValidationError of answer_poll onto the form: per question, or for the whole form."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            for item in errors:
                form.add_question_error(key, item.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_POST
def poll_answer(request, pk):
    consultation = _consultation(request, pk)
    user = request.user
    questions = polls.poll_questions(consultation)
    form = PollForm(request.POST, questions=questions)
    if not user.is_authenticated:
        return refuse(request)
    if consultation.is_open and not rules.can_answer_poll(user, consultation):
        return refuse(
            request, rules.why_cannot_answer(user, consultation), fallback=consultation.discussion
        )
    if form.is_valid():
        had_ballot = polls.ballot_of(user, consultation) is not None
        try:
            polls.answer_poll(
                user=user, consultation=consultation, answers=form.answers(), questions=questions
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if had_ballot:
                messages.success(request, _("Votre réponse est modifiée."))
            else:
                messages.success(
                    request,
                    _(
                        "Merci, votre réponse est enregistrée. Vous pouvez la modifier jusqu'à la clôture."
                    ),
                )
            return redirect(f"{consultation.discussion.get_absolute_url()}#questionnaire")
    return render(
        request,
        "civic/consultations/poll_answer.html",
        _context(consultation, form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def poll_edit(request, pk):
    consultation = _consultation(request, pk)
    if not rules.can_edit_poll(request.user, consultation):
        return refuse(request)
    questions = polls.poll_questions(consultation)
    locked = consultation.ballot_count > 0
    root = root_territory(request)
    settings_form = PollSettingsForm(
        request.POST or None,
        root=root,
        initial={
            "audience": consultation.audience,
            "audience_territory": consultation.audience_territory,
            "live_results": consultation.live_results,
        },
    )
    formset = (
        None
        if locked
        else QuestionFormSet(
            request.POST or None, initial=question_initial(questions), prefix="questions"
        )
    )
    if request.method == "POST":
        valid = settings_form.is_valid() and (formset is None or formset.is_valid())
        if valid:
            specs = None
            if formset is not None:
                specs = [s for s in (f.spec() for f in formset.forms) if s is not None]
            try:
                polls.set_poll(
                    user=request.user,
                    consultation=consultation,
                    audience=settings_form.cleaned_data["audience"],
                    audience_territory=settings_form.cleaned_data["audience_territory"],
                    live_results=settings_form.cleaned_data["live_results"],
                    questions=specs,
                )
            except ValidationError as error:
                for message in error.messages:
                    settings_form.add_error(None, message)
            else:
                messages.success(request, _("Le questionnaire est enregistré."))
                return redirect(consultation.discussion)
    return render(
        request,
        "civic/consultations/poll_edit.html",
        _context(
            consultation,
            settings_form=settings_form,
            formset=formset,
            locked=locked,
            questions=questions,
        ),
    )


def poll_results_page(request, pk):
    consultation = _consultation(request, pk)
    user = request.user
    if not rules.can_see_results(user, consultation):
        return render(
            request,
            "civic/consultations/poll_results.html",
            _context(consultation, results=None),
        )
    return render(
        request,
        "civic/consultations/poll_results.html",
        _context(
            consultation,
            results=poll_results.poll_results(consultation),
            can_export=rules.can_export_results(user, consultation),
            can_publish=rules.can_publish_results(user, consultation),
        ),
    )


def poll_export(request, pk, fmt):
    consultation = _consultation(request, pk)
    if not rules.can_export_results(request.user, consultation):
        return refuse(request)
    name = slugify(consultation.discussion.title)[:60] or "consultation"
    if fmt not in ("csv", "ods"):
        raise Http404
    if fmt == "ods":
        response = HttpResponse(
            poll_results.export_ods(consultation),
            content_type="application/vnd.oasis.opendocument.spreadsheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.ods"'
    else:
        response = HttpResponse(
            poll_results.export_csv(consultation), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def consultation_close(request, pk):
    """A confirmation page, then the closing (which can be undone until results are published)."""
    consultation = _consultation(request, pk)
    if not rules.can_close_consultation(request.user, consultation):
        return refuse(
            request,
            _("Cette consultation est déjà close."),
            fallback=consultation.discussion.get_absolute_url(),
        )
    if request.method == "POST" and request.POST.get("confirm") == "1":
        services.close_consultation(user=request.user, consultation=consultation)
        messages.success(
            request,
            _(
                "La consultation est close. Vous pouvez annuler la clôture tant que les "
                "résultats ne sont pas publiés, puis publier la réponse officielle."
            ),
        )
        return redirect(consultation.discussion)
    return render(request, "civic/consultations/close_confirm.html", _context(consultation))


@require_POST
def consultation_reopen(request, pk):
    consultation = _consultation(request, pk)
    if not rules.can_reopen_consultation(request.user, consultation):
        return refuse(
            request,
            _("Les résultats sont publiés : la clôture ne peut plus être annulée."),
            fallback=consultation.discussion.get_absolute_url(),
        )
    polls.reopen_consultation(user=request.user, consultation=consultation)
    messages.success(request, _("La clôture est annulée : la consultation est de nouveau ouverte."))
    return redirect(consultation.discussion)


@require_POST
def results_publish(request, pk):
    consultation = _consultation(request, pk)
    if not rules.can_publish_results(request.user, consultation):
        return refuse(request)
    polls.publish_results(user=request.user, consultation=consultation)
    messages.success(request, _("Les résultats sont publiés."))
    return redirect("dialogue:poll_results", pk=pk)


# Official answers, followed up.


def _answer(request, pk):
    discussion = get_object_or_404(Discussion.objects.select_related("group__territory"), pk=pk)
    if not rules.can_view_discussion(request.user, discussion):
        raise Http404
    answer = (
        OfficialAnswer.objects.filter(consultation__discussion=discussion).first()
        or OfficialAnswer.objects.filter(discussion=discussion).first()
    )
    if answer is None:
        raise Http404
    return discussion, answer


@require_http_methods(["GET", "POST"])
def answer_correct(request, pk):
    discussion, answer = _answer(request, pk)
    if not rules.can_correct_official_answer(request.user, answer):
        return refuse(request)
    form = AnswerCorrectionForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        answer_services.correct_official_answer(
            user=request.user, answer=answer, body=form.cleaned_data["body"]
        )
        messages.success(
            request, _("La réponse officielle est corrigée ; l'ancien texte reste consultable.")
        )
        return redirect(f"{discussion.get_absolute_url()}#reponse-officielle")
    return render(
        request,
        "civic/consultations/answer_correct.html",
        {"discussion": discussion, "group": discussion.group, "answer": answer, "form": form},
    )


@require_http_methods(["GET", "POST"])
def answer_follow_up(request, pk):
    discussion, answer = _answer(request, pk)
    if not rules.can_follow_up_answer(request.user, answer):
        return refuse(request)
    form = FollowUpForm(request.POST or None, initial={"status": answer.status})
    if request.method == "POST" and form.is_valid():
        try:
            answer_services.follow_up(
                user=request.user,
                answer=answer,
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le suivi est publié."))
            return redirect(f"{discussion.get_absolute_url()}#suivi")
    return render(
        request,
        "civic/consultations/answer_follow_up.html",
        {"discussion": discussion, "group": discussion.group, "answer": answer, "form": form},
    )
