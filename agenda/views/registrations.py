"""Registrations: registering (members in one click, visitors by email), the emails' links,
and the organiser's pages (opening, attendee list, exports, sign-in sheet, messages)."""

from datetime import timedelta

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import AttendeeMessage, Registration
from agenda.registration_forms import MessageForm, OpeningForm, RegisterForm
from agenda.services import registrations as services
from agenda.views.browse import get_visible_event, registration_opening


def _opening(event):
    return registration_opening(event)


def _date_or_404(event, key):
    date = services.parse_date_key(key or "")
    if date is None or not services.is_date_of(event, date):
        raise Http404
    return date


def _date_label(date):
    return date_format(timezone.localtime(date), "l j F Y, H\\h i").capitalize()


def register(request, pk):
    event = get_visible_event(request, pk)
    opening = _opening(event)
    if opening is None or not permissions.can_register(request.user, event):
        raise Http404
    date = _date_or_404(event, request.GET.get("date") or request.POST.get("date"))
    visitor = not request.user.is_authenticated
    form = RegisterForm(request.POST or None, opening=opening, visitor=visitor)
    if request.method == "POST" and form.is_valid():
        try:
            if visitor:
                services.register_visitor(
                    event=event,
                    date=date,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    answers=form.answers(),
                )
                messages.success(
                    request,
                    _(
                        "Presque fini : un courriel vient de vous être envoyé. Suivez son lien "
                        "pour confirmer votre inscription."
                    ),
                )
            else:
                registration = services.register_member(
                    event=event, date=date, user=request.user, answers=form.answers()
                )
                _tell(request, registration)
            return redirect(event.get_absolute_url())
        except services.RegistrationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(
                None,
                _("Confirmez d'abord l'adresse électronique de votre compte pour vous inscrire."),
            )
    return render(
        request,
        "agenda/registrations/register.html",
        {"event": event, "form": form, "date": date, "key": services.date_key(date)},
    )


def _tell(request, registration):
    if registration.status == Registration.Status.REGISTERED:
        messages.success(
            request,
            _(
                "Vous êtes inscrit·e. La confirmation, avec le fichier pour votre agenda, est partie par courriel."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "C'est complet : vous êtes sur la liste d'attente. Nous vous écrirons si une place se libère."
            ),
        )


def confirm(request, token):
    registration = services.registration_from_token(token, services.CONFIRM)
    if registration is None:
        return render(request, "agenda/registrations/bad_link.html", status=404)
    if request.method == "POST":
        try:
            registration = services.confirm_registration(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(registration.event.get_absolute_url())
        _tell(request, registration)
        return redirect(registration.event.get_absolute_url())
    return render(
        request,
        "agenda/registrations/confirm.html",
        {"registration": registration, "event": registration.event},
    )


def cancel(request, token):
    registration = services.registration_from_token(token, services.CANCEL)
    if registration is None:
        return render(request, "agenda/registrations/bad_link.html", status=404)
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
            messages.success(
                request, _("Votre inscription est annulée. Merci d'avoir libéré la place.")
            )
        except services.RegistrationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(registration.event.get_absolute_url())
    return render(
        request,
        "agenda/registrations/cancel.html",
        {"registration": registration, "event": registration.event},
    )


# The organiser's pages.


def _managed_event(request, pk):
    event = get_visible_event(request, pk)
    if not permissions.can_manage_registrations(request.user, event):
        raise PermissionDenied
    return event


@login_required
def manage(request, pk):
    event = _managed_event(request, pk)
    opening = _opening(event)
    form = OpeningForm(request.POST or None, opening=opening)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_registrations(
                event=event,
                editor=request.user,
                capacity=form.cleaned_data["capacity"],
                closes_at=form.cleaned_data["closes_at"],
                reminder_days=form.cleaned_data["reminder_days"],
                questions=form.questions(),
                is_open=form.cleaned_data["is_open"],
            )
            messages.success(request, _("Les inscriptions sont enregistrées."))
            return redirect("agenda:registrations", pk=event.pk)
        except services.RegistrationError as error:
            form.add_error("capacity", error)
    dates = []
    if opening is not None:
        upcoming = list(
            event.occurrences.filter(ends_at__gt=timezone.now() - timedelta(days=30))
            .order_by("starts_at")
            .values_list("starts_at", flat=True)[:50]
        )
        counts = services.registered_counts(event, upcoming)
        waiting = dict(
            Registration.objects.filter(event=event, date__in=upcoming)
            .waiting()
            .values("date")
            .annotate(n=Count("pk"))
            .values_list("date", "n")
        )
        dates = [
            {
                "date": d,
                "key": services.date_key(d),
                "registered": counts.get(d, 0),
                "waiting": waiting.get(d, 0),
            }
            for d in upcoming
        ]
    return render(
        request,
        "agenda/registrations/manage.html",
        {"event": event, "opening": opening, "form": form, "dates": dates},
    )


def _attendees(event, date):
    return (
        Registration.objects.for_date(event, date)
        .filter(status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING])
        .order_by("status", "confirmed_at", "pk")
    )


@login_required
def attendees(request, pk, date):
    event = _managed_event(request, pk)
    when = _date_or_404(event, date)
    opening = _opening(event)
    message_form = MessageForm(request.POST if "send_message" in request.POST else None)
    if request.method == "POST" and "attendance" in request.POST:
        present = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
        services.mark_attendance(event=event, date=when, editor=request.user, present=present)
        messages.success(request, _("Les présences sont enregistrées."))
        return redirect("agenda:attendees", pk=event.pk, date=date)
    if request.method == "POST" and message_form.is_valid():
        try:
            sent = services.message_attendees(
                event=event,
                date=when,
                sender=request.user,
                subject=message_form.cleaned_data["subject"],
                body=message_form.cleaned_data["body"],
            )
            messages.success(
                request,
                _("Message envoyé à %(count)s personnes inscrites.") % {"count": sent.recipients},
            )
            return redirect("agenda:attendees", pk=event.pk, date=date)
        except services.RegistrationError as error:
            message_form.add_error(None, error)
    people = list(_attendees(event, when))
    return render(
        request,
        "agenda/registrations/attendees.html",
        {
            "event": event,
            "opening": opening,
            "date": when,
            "key": date,
            "registered": [r for r in people if r.status == Registration.Status.REGISTERED],
            "waiting": [r for r in people if r.status == Registration.Status.WAITING],
            "questions": services.answers_columns(opening),
            "message_form": message_form,
            "sent_messages": AttendeeMessage.objects.filter(event=event, date=when)[:20],
        },
    )


def attendee_dataset(event, date, opening):
    questions = services.answers_columns(opening)
    headers = [
        _("Nom"),
        _("Adresse électronique"),
        _("État"),
        _("Inscrit·e le"),
        *questions,
        _("Présent"),
    ]
    data = tablib.Dataset(headers=headers, title=_("Participants")[:31])
    for r in _attendees(event, date):
        data.append(
            [
                r.name,
                r.email,
                r.get_status_display(),
                timezone.localtime(r.confirmed_at).strftime("%d/%m/%Y %H:%M")
                if r.confirmed_at
                else "",
                *[r.answers.get(q, "") for q in questions],
                {True: _("oui"), False: _("non")}.get(r.attended, ""),
            ]
        )
    return data


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@login_required
def export(request, pk, date, fmt):
    event = _managed_event(request, pk)
    when = _date_or_404(event, date)
    if fmt not in EXPORT_TYPES:
        raise Http404
    data = attendee_dataset(event, when, _opening(event))
    content = data.export(fmt)
    if fmt == "csv":
        content = "\ufeff" + content  # spreadsheet software reads the accents right
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    filename = f"participants-{event.slug}-{timezone.localtime(when):%Y-%m-%d-%H%M}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def sign_in_sheet(request, pk, date):
    event = _managed_event(request, pk)
    when = _date_or_404(event, date)
    registered = [r for r in _attendees(event, when) if r.status == Registration.Status.REGISTERED]
    return render(
        request,
        "agenda/registrations/sign_in_sheet.html",
        {"event": event, "date": when, "registered": registered, "key": date},
    )
