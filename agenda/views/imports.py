"""/agenda/importer/: upload an .ics file or subscribe to a calendar's address."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda import permissions
from agenda.forms import NewFileForm, SubscribeForm, UploadForm
from agenda.ical_reader import CONTROL_CHARACTERS, decode
from agenda.models import CalendarSource
from agenda.services import imports
from agenda.services.reports import ImportReport


def _calendar_name(data, fallback):
    """X-WR-CALNAME or NAME of the file, else the file's name."""
    text, _legacy = decode(data[:20000])
    for line in text.splitlines():
        key, _sep, value = line.partition(":")
        if key.upper() in ("X-WR-CALNAME", "NAME") and value.strip():
            return value.strip()[:200]
    return fallback


def _busy():
    return _(
        "Un import de ce calendrier est déjà en cours : attendez son compte rendu avant d'en "
        "demander un autre."
    )


@login_required
def import_home(request):
    if not permissions.can_import_calendar(request.user):
        return render(request, "agenda/not_allowed.html", {"importing": True}, status=403)
    upload_form = UploadForm(user=request.user, prefix="fichier")
    subscribe_form = SubscribeForm(user=request.user, prefix="abonnement")
    if request.method == "POST" and "fichier-file" in request.FILES:
        upload_form = UploadForm(request.POST, request.FILES, user=request.user, prefix="fichier")
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            data = upload.read()
            name = upload_form.cleaned_data["name"] or _calendar_name(data, Path(upload.name).stem)
            name = CONTROL_CHARACTERS.sub("", name)  # a NUL from the file: refused by PostgreSQL
            # The file is only stored here: the worker reads and imports it.
            with transaction.atomic():
                source = imports.create_source(
                    owner=request.user, name=name, **upload_form.source_options()
                )
                imports.queue_import(source=source, data=data, user=request.user)
            return redirect("agenda:import_source", pk=source.pk)
    elif request.method == "POST" and "abonnement-url" in request.POST:
        subscribe_form = SubscribeForm(request.POST, user=request.user, prefix="abonnement")
        if subscribe_form.is_valid():
            # Its first import is the worker's, like every later one: no fetch in the request.
            with transaction.atomic():
                source = imports.create_source(
                    owner=request.user,
                    name=subscribe_form.cleaned_data["name"],
                    url=subscribe_form.cleaned_data["url"],
                    **subscribe_form.source_options(),
                )
                imports.queue_import(source=source, user=request.user)
            return redirect("agenda:import_source", pk=source.pk)
    sources = CalendarSource.objects.filter(owner=request.user).order_by("name", "pk")
    return render(
        request,
        "agenda/import.html",
        {"upload_form": upload_form, "subscribe_form": subscribe_form, "sources": sources},
    )


def _own_source(request, pk):
    source = get_object_or_404(CalendarSource, pk=pk)
    if not permissions.can_manage_source(request.user, source):
        raise PermissionDenied
    return source


@login_required
def import_source(request, pk):
    source = _own_source(request, pk)
    form = NewFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not source.is_subscription and form.is_valid():
        # A file sent from a page opened before an import began queues nothing more.
        if not imports.queue_import(
            source=source, data=form.cleaned_data["file"].read(), user=request.user
        ):
            messages.info(request, _busy())
        return redirect("agenda:import_source", pk=source.pk)
    return render(
        request,
        "agenda/import_source.html",
        {
            "source": source,
            "report": ImportReport.from_dict(source.last_report) if source.last_report else None,
            "form": form,
            "event_count": source.events.count(),
        },
    )


@login_required
@require_POST
def refresh(request, pk):
    source = _own_source(request, pk)
    if not source.is_subscription:
        raise PermissionDenied
    # The source's page says « Import en cours » either way; a second click queues nothing.
    if not imports.queue_import(source=source, user=request.user):
        messages.info(request, _busy())
    return redirect("agenda:import_source", pk=source.pk)


@login_required
def delete(request, pk):
    source = _own_source(request, pk)
    if request.method == "POST":
        cancel_events = request.POST.get("cancel_events") == "on"
        imports.delete_source(source=source, user=request.user, cancel_events=cancel_events)
        messages.success(
            request,
            _("Le calendrier « %(name)s » n'est plus suivi.") % {"name": source.name},
        )
        return redirect("agenda:import")
    return render(request, "agenda/import_delete.html", {"source": source})
