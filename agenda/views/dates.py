"""One date at a time (cancel, move, re-place, restore a date of a recurring event), and
restoring a cancelled event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import DateChange
from agenda.recurrence import event_instances
from agenda.registration_forms import DateChangeForm
from agenda.services import dates as services
from agenda.services.registrations import parse_date_key
from agenda.views.browse import get_visible_event


@login_required
def change_date(request, pk, date):
    event = get_visible_event(request, pk)
    if not permissions.can_change_single_date(request.user, event):
        raise PermissionDenied
    recurrence_id = parse_date_key(date)
    if recurrence_id is None or not any(
        i.starts_at == recurrence_id for i in event_instances(event, until=recurrence_id)
    ):
        raise Http404
    change = DateChange.objects.filter(event=event, recurrence_id=recurrence_id).first()
    start = timezone.localtime(change.starts_at if change and change.starts_at else recurrence_id)
    end = timezone.localtime(
        change.ends_at
        if change and change.ends_at
        else recurrence_id + (event.ends_at - event.starts_at)
    )
    initial = {
        "action": "cancel" if change is None or change.cancelled else "change",
        "day": start.date(),
        "start": start.time(),
        "end": end.time(),
        "venue_name": change.venue_name if change else "",
        "venue_address": change.venue_address if change else "",
        "reason": change.reason if change else "",
    }
    form = DateChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and "restore" in request.POST:
        try:
            services.restore_date(event=event, editor=request.user, recurrence_id=recurrence_id)
            messages.success(request, _("La date est rétablie."))
            return redirect(event.get_absolute_url())
        except services.DateChangeError as error:
            form = DateChangeForm(initial=initial)
            form.add_error(None, error)
    elif request.method == "POST" and form.is_valid():
        cancel = form.cleaned_data["action"] == "cancel"
        try:
            services.change_date(
                event=event,
                editor=request.user,
                recurrence_id=recurrence_id,
                cancel=cancel,
                starts_at=None if cancel else form.cleaned_data["starts_at"],
                ends_at=None if cancel else form.cleaned_data["ends_at"],
                venue_name=form.cleaned_data["venue_name"],
                venue_address=form.cleaned_data["venue_address"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("La date est annulée ; vous pouvez la rétablir depuis cette même page.")
                if cancel
                else _("La date est modifiée."),
            )
            return redirect(event.get_absolute_url())
        except services.DateChangeError as error:
            form.add_error(None, error)
    return render(
        request,
        "agenda/date_change.html",
        {"event": event, "form": form, "change": change, "recurrence_id": recurrence_id},
    )


@login_required
def restore(request, pk):
    event = get_visible_event(request, pk)
    if not permissions.can_restore_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        services.restore_event(event=event, editor=request.user)
        messages.success(
            request, _("L'événement est rétabli : il n'est plus annoncé comme annulé.")
        )
        return redirect(event.get_absolute_url())
    return render(request, "agenda/event_cancelled.html", {"event": event, "can_restore": True})
