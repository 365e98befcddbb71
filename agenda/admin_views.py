"""Wagtail admin: the queue of proposed events, for the Modération group."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.forms import DecisionForm
from agenda.models import Event, EventChangeLog
from agenda.services.events import decide_event


def _require_moderator(request):
    if not permissions.can_moderate_events(request.user):
        raise PermissionDenied


def moderation_queue(request):
    _require_moderator(request)
    waiting = (
        Event.objects.submitted()
        .with_related()
        .select_related("created_by")
        .order_by("submitted_at", "pk")
    )
    recent = (
        EventChangeLog.objects.filter(
            action__in=[EventChangeLog.Action.APPROVED, EventChangeLog.Action.REJECTED]
        )
        .select_related("event")
        .order_by("-at", "-pk")[:20]
    )
    return TemplateResponse(
        request,
        "agenda/admin/moderation_queue.html",
        {"waiting": waiting, "recent": recent, "header_title": _("Agenda à valider")},
    )


def moderation_decide(request, pk):
    _require_moderator(request)
    event = get_object_or_404(Event.objects.with_related().select_related("created_by"), pk=pk)
    if event.status != Event.Status.SUBMITTED:
        messages.info(request, _("Cet événement a déjà été traité."))
        return redirect("agenda_moderation")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decide_event(
            event=event,
            moderator=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"].strip(),
        )
        if approve:
            messages.success(request, _("« %(title)s » est publié.") % {"title": event.title})
        else:
            messages.success(request, _("« %(title)s » est refusé.") % {"title": event.title})
        return redirect("agenda_moderation")
    return TemplateResponse(
        request,
        "agenda/admin/moderation_decide.html",
        {"event": event, "form": form, "header_title": _("Examiner un événement")},
    )
