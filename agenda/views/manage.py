"""Members' pages: propose an event, edit or cancel one, « Mes événements »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.forms import CancelForm, EventForm
from agenda.models import Event
from agenda.services.events import cancel_event, create_event, update_event
from agenda.views.browse import get_visible_event


def _not_allowed(request):
    return render(request, "agenda/not_allowed.html", status=403)


@login_required
def propose(request):
    if not permissions.can_propose_event(request.user):
        return _not_allowed(request)
    form = EventForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        submit = "draft" not in request.POST
        organiser_kind, organiser_group = form.organiser()
        event = create_event(
            author=request.user,
            organiser_kind=organiser_kind,
            organiser_group=organiser_group,
            submit=submit,
            image_upload=form.cleaned_data.get("image_file"),
            **form.service_fields(),
        )
        _tell_status(request, event)
        return redirect(event.get_absolute_url())
    return render(
        request,
        "agenda/event_form.html",
        {
            "form": form,
            "publishes_directly": permissions.can_publish_directly(request.user),
            "title": _("Proposer un événement"),
        },
    )


def _tell_status(request, event, *, edited=False):
    if event.status == Event.Status.PUBLISHED:
        text = (
            _("L'événement est modifié.") if edited else _("L'événement est publié dans l'agenda.")
        )
        messages.success(request, text)
    elif event.status == Event.Status.SUBMITTED:
        messages.success(
            request,
            _(
                "Merci ! L'événement est envoyé à l'équipe de modération : vous recevrez un "
                "courriel dès qu'il sera publié."
            ),
        )
    elif event.status == Event.Status.DRAFT:
        messages.success(request, _("Le brouillon est enregistré : il n'est visible que de vous."))


@login_required
def edit(request, pk):
    event = get_visible_event(request, pk)
    if event.is_cancelled and permissions.is_in_charge_of(request.user, event):
        # Said plainly, with the way back (restore, then edit) while a date is to come.
        can_restore = permissions.can_restore_event(request.user, event)
        return render(
            request,
            "agenda/event_cancelled.html",
            {"event": event, "can_restore": can_restore},
            status=200 if can_restore else 403,
        )
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(request.POST or None, request.FILES or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = update_event(
            event=event,
            editor=request.user,
            submit="submit" in request.POST,
            image_upload=form.cleaned_data.get("image_file"),
            remove_image=form.cleaned_data.get("remove_image", False),
            **form.service_fields(),
        )
        _tell_status(request, event, edited=True)
        return redirect(event.get_absolute_url())
    # The form saved nothing: keep the instance as it is in the database for the template.
    event.refresh_from_db()
    return render(
        request,
        "agenda/event_form.html",
        {
            "form": form,
            "event": event,
            "publishes_directly": permissions.can_publish_directly(request.user),
            "title": _("Modifier « %(title)s »") % {"title": event.title},
        },
    )


@login_required
def cancel(request, pk):
    event = get_visible_event(request, pk)
    if not permissions.can_cancel_event(request.user, event):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cancel_event(event=event, editor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "L'événement est annulé : il reste visible dans l'agenda avec la mention « Annulé »."
            ),
        )
        return redirect(event.get_absolute_url())
    return render(request, "agenda/event_cancel.html", {"event": event, "form": form})


@login_required
def my_events(request):
    events = (
        Event.objects.editable_by(request.user)
        .select_related("category", "commune", "source")
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/my_events.html",
        {
            "page_obj": page,
            "events": page.object_list,
            "can_propose": permissions.can_propose_event(request.user),
            "can_import": permissions.can_import_calendar(request.user),
        },
    )
