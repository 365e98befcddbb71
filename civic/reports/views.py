"""Public pages of street reports: the list with its map, the map's data, a report's page, the
report form, confirming, reopening; and the service's handling on the report's page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Exists, FloatField, Min, OuterRef, Prefetch
from django.db.models.functions import Cast, Floor
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_permissions_policy.decorators import permissions_policy_override

from civic.common.pagination import CappedPaginator
from civic.dialogue.views.helpers import refuse
from civic.reports import permissions as rules
from civic.reports import services, stats
from civic.reports.filters import ReportFilterForm
from civic.reports.forms import HideForm, NoteForm, ReopenForm, StatusForm, StreetReportForm
from civic.reports.models import (
    StreetReport,
    StreetReportConfirmation,
    StreetReportPhoto,
)
from civic.territories.settings import root_territory

PER_PAGE = 20
# Below this many reports in view, the map gets each point; above, server-side clusters.
MAP_POINTS_MAX = 300
MAP_DETAIL_ZOOM = 16


def _public_reports(request):
    # Every report is inside the portal's territory: the form refuses places outside it.
    return StreetReport.objects.public()


def report_list(request):
    """/signalements/: filtered list, newest first, with the map of the same filters."""
    filters = ReportFilterForm(request.GET or None, root=root_territory(request))
    reports = filters.filter(_public_reports(request)).select_related("category", "commune")
    page = CappedPaginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "civic/reports/list.html",
        {
            "filters": filters,
            "page_obj": page,
            "reports": page.object_list,
            "map_source": reverse("reports:map_data") + ("?" + query.urlencode() if query else ""),
            "can_report": rules.can_report(request.user),
        },
    )


def _filters(request):
    """The list's filters; the portal's territory is looked up only for a commune typed."""
    root = root_territory(request) if request.GET.get("commune") else None
    return ReportFilterForm(request.GET or None, root=root)


def _bbox(request):
    try:
        west, south, east, north = (float(v) for v in request.GET.get("bbox", "").split(","))
    except ValueError:
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def map_data(request):
    """/signalements/carte.geojson?bbox=w,s,e,n&zoom=z (+ the list's filters): points, or
    clusters on a grid computed in SQL when many are in view. Two queries, whatever the data."""
    filters = _filters(request)
    reports = filters.filter(_public_reports(request)).filter(latitude__isnull=False)
    box = _bbox(request)
    try:
        zoom = max(0, min(int(request.GET.get("zoom", "9")), 19))
    except ValueError:
        zoom = 9
    if box is not None:
        west, south, east, north = box
        reports = reports.in_box(south=south, west=west, north=north, east=east)
    count = reports.order_by()[: MAP_POINTS_MAX + 1].count()
    features = []
    if count <= MAP_POINTS_MAX or zoom >= MAP_DETAIL_ZOOM:
        # Plain rows, not model instances: the endpoint answers every move of every map.
        rows = reports.order_by("-created_at").values_list(
            "pk", "latitude", "longitude", "status", "category__name"
        )[:MAP_POINTS_MAX]
        labels = dict(StreetReport.Status.choices)
        url = reverse("reports:detail", args=[0]).removesuffix("0/")
        resolved = StreetReport.Status.RESOLVED
        for pk, lat, lon, status, category in rows:
            features.append(
                _feature(
                    lat,
                    lon,
                    {
                        "count": 1,
                        "label": f"{category} — {labels[status]}",
                        "url": f"{url}{pk}/",
                        "status": status,
                        "marker_class": "map-marker--resolved" if status == resolved else "",
                    },
                )
            )
    else:
        # About 60 px cells at this zoom: 360° over 2^zoom tiles of 256 px.
        cell = 360 / (2**zoom) / 4
        clusters = (
            reports.order_by()
            .annotate(
                cell_y=Floor(Cast("latitude", FloatField()) / cell),
                cell_x=Floor(Cast("longitude", FloatField()) / cell),
            )
            .values("cell_y", "cell_x")
            .annotate(n=Count("pk"), lat=Min("latitude"), lon=Min("longitude"), pk=Min("pk"))
            .order_by("cell_y", "cell_x")
        )
        for row in clusters[:2000]:
            # The cluster is drawn at its cell's centre: the same place whatever the filter.
            lat = (row["cell_y"] + 0.5) * cell
            lon = (row["cell_x"] + 0.5) * cell
            properties = {"count": row["n"]}
            if row["n"] == 1:
                lat, lon = row["lat"], row["lon"]
                properties.update(
                    label=_("Un signalement"),
                    url=reverse("reports:detail", args=[row["pk"]]),
                )
            features.append(_feature(lat, lon, properties))
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response


def _feature(lat, lon, properties):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": properties,
    }


def _report(request, pk):
    queryset = StreetReport.objects.select_related(
        "category__service",
        "commune",
        "reporter__profile",
        "duplicate_of__category",
        "assigned_to__profile",
    ).prefetch_related(
        "events",
        Prefetch("photos", queryset=StreetReportPhoto.objects.order_by("created_at", "pk")),
    )
    if request.user.is_authenticated:
        queryset = queryset.annotate(
            viewer_confirmed=Exists(
                StreetReportConfirmation.objects.filter(report=OuterRef("pk"), user=request.user)
            )
        )
    report = get_object_or_404(queryset, pk=pk)
    if not rules.can_view(request.user, report):
        raise Http404
    return report


def report_detail(request, pk):
    report = _report(request, pk)
    return render(request, "civic/reports/detail.html", _detail_context(request, report))


def _detail_context(request, report, *, status_form=None):
    handles = rules.can_handle(request.user, report)
    moderates = rules.can_moderate(request.user, report)
    photos = [p for p in report.photos.all() if moderates or not p.hidden]
    context = {
        "report": report,
        "photos": [p for p in photos if p.kind == StreetReportPhoto.Kind.REPORT],
        "resolution_photos": [p for p in photos if p.kind == StreetReportPhoto.Kind.RESOLUTION],
        "show_reporter": rules.can_see_reporter(request.user, report),
        "can_confirm": rules.can_confirm(request.user, report)
        and not getattr(report, "viewer_confirmed", False),
        "confirmed": getattr(report, "viewer_confirmed", False),
        "is_reporter": rules.is_reporter(request.user, report),
        "can_reopen": rules.can_reopen(request.user, report),
        "handles": handles,
        "moderates": moderates,
        "overdue": handles and report.is_overdue(),
    }
    if handles:
        context["status_form"] = status_form or StatusForm(initial={"status": report.status})
        context["note_form"] = NoteForm()
        context["notes"] = list(report.notes.all())
    if context["can_reopen"]:
        context["reopen_form"] = ReopenForm()
    return context


def photo(request, pk):
    """A report's photo, through the portal so that a hidden one is shown to nobody else."""
    item = get_object_or_404(StreetReportPhoto.objects.select_related("report__category"), pk=pk)
    if not rules.can_view(request.user, item.report):
        raise Http404
    if item.hidden and not rules.can_moderate(request.user, item.report):
        raise Http404
    response = FileResponse(default_storage.open(item.image.name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300" if item.hidden else "public, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
# The policy of every page, but the browser's position may be asked for (« Utiliser ma position »).
@permissions_policy_override({**settings.PERMISSIONS_POLICY, "geolocation": ["self"]})
def report_create(request):
    """/signalements/nouveau/: category, place, description, photos. Before sending, open reports
    of the same category within 50 m are shown, to confirm instead."""
    if not rules.can_report(request.user):
        return refuse(request)
    root = root_territory(request)
    initial = {}
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.home_commune_id:
        initial["commune"] = profile.home_commune
    form = StreetReportForm(
        request.POST or None, request.FILES or None, user=request.user, root=root, initial=initial
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["approximate"] and data["latitude"] is not None and not data["duplicates_seen"]:
            duplicates = services.possible_duplicates(
                category=data["category"], latitude=data["latitude"], longitude=data["longitude"]
            )
        if not duplicates:
            try:
                report = services.create_report(
                    user=request.user,
                    category=data["category"],
                    commune=data["commune"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    approximate=data["approximate"],
                    address=data["address"].strip(),
                    description=data["description"].strip(),
                    anonymous=data["anonymous"],
                    pending_photos=form.pending,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Merci, votre signalement est envoyé au service « %(service)s ».")
                    % {"service": report.category.service.name},
                )
                return redirect(report)
    return render(
        request,
        "civic/reports/form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "pending_count": len(form.pending),
            "pending_token": form.pending_token if form.pending else "",
        },
    )


@require_POST
def report_confirm(request, pk):
    report = _report(request, pk)
    if not rules.can_confirm(request.user, report):
        return refuse(
            request,
            _("Vous ne pouvez pas confirmer ce signalement."),
            fallback=report.get_absolute_url(),
        )
    services.confirm(user=request.user, report=report)
    messages.success(
        request,
        _("Merci : votre confirmation est comptée, et vous serez prévenu·e de la suite."),
    )
    return redirect(report)


@require_POST
def report_reopen(request, pk):
    report = _report(request, pk)
    if not rules.can_reopen(request.user, report):
        return refuse(
            request,
            _("Ce signalement ne peut pas être rouvert."),
            fallback=report.get_absolute_url(),
        )
    form = ReopenForm(request.POST)
    if form.is_valid():
        services.reopen(user=request.user, report=report, text=form.cleaned_data["text"])
        messages.success(request, _("Le signalement est rouvert : le service en est informé."))
    else:
        messages.error(request, _("Dites en quelques mots ce qui ne va toujours pas."))
    return redirect(report)


@require_POST
def report_status(request, pk):
    report = _report(request, pk)
    if not rules.can_handle(request.user, report):
        return refuse(request)
    form = StatusForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                user=request.user,
                report=report,
                status=data["status"],
                text=data["text"].strip(),
                planned_for=data["planned_for"],
                resolution_photo=data["resolution_photo"],
                reject_reason=data["reject_reason"],
                responsible_authority=data["responsible_authority"].strip(),
                duplicate_of=data["duplicate_of"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Nouvel état : %(status)s. Les personnes qui suivent le signalement sont prévenues."
                )
                % {"status": report.get_status_display()},
            )
            return redirect(report)
    # The page again, the form with its errors and what was typed.
    context = _detail_context(request, report, status_form=form)
    return render(request, "civic/reports/detail.html", context, status=400)


@require_POST
def report_note(request, pk):
    report = _report(request, pk)
    if not rules.can_handle(request.user, report):
        return refuse(request)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(user=request.user, report=report, text=form.cleaned_data["text"])
        messages.success(request, _("Note interne ajoutée."))
    else:
        messages.error(request, _("La note est vide ou trop longue (2 000 caractères au plus)."))
    return redirect(report)


@require_POST
def photo_visibility(request, pk):
    item = get_object_or_404(StreetReportPhoto.objects.select_related("report__category"), pk=pk)
    if not rules.can_moderate(request.user, item.report):
        return refuse(request)
    if item.hidden:
        services.show_photo(user=request.user, photo=item)
        messages.success(request, _("La photo est de nouveau visible."))
    else:
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez pourquoi la photo est masquée."))
            return redirect(item.report)
        services.hide_photo(user=request.user, photo=item, reason=form.cleaned_data["reason"])
        messages.success(request, _("La photo est masquée au public."))
    return redirect(item.report)


@require_POST
def report_visibility(request, pk):
    report = _report(request, pk)
    if not rules.can_moderate(request.user, report):
        return refuse(request)
    if report.hidden:
        services.restore_report(user=request.user, report=report)
        messages.success(request, _("Le signalement est de nouveau public."))
    else:
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez pourquoi le signalement est masqué."))
            return redirect(report)
        services.hide_report(user=request.user, report=report, reason=form.cleaned_data["reason"])
        messages.success(request, _("Le signalement est masqué au public."))
    return redirect(report)


def my_reports(request):
    """/signalements/les-miens/: reports I made or confirmed, with their current status."""
    if not request.user.is_authenticated:
        return refuse(request)
    reports = (
        (
            StreetReport.objects.filter(reporter=request.user)
            | StreetReport.objects.filter(confirmations__user=request.user)
        )
        .distinct()
        .select_related("category", "commune")
    )
    page = CappedPaginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    count = page.paginator.count
    return render(
        request,
        "civic/reports/mine.html",
        {
            "page_obj": page,
            "reports": page.object_list,
            "count_text": ngettext(
                "%(count)d signalement suivi", "%(count)d signalements suivis", count
            )
            % {"count": count},
        },
    )


def statistics(request):
    """/signalements/statistiques/: received, resolved and median time by month, for the
    portal or a commune, for a category or all; charts with the table beside them."""
    filters = ReportFilterForm(request.GET or None, root=root_territory(request))
    for name in ("status", "since", "until"):
        filters.fields.pop(name)
    reports = filters.filter(_public_reports(request))
    rows = stats.monthly(reports)
    return render(
        request,
        "civic/reports/statistics.html",
        {
            "filters": filters,
            "rows": rows,
            "received_bars": stats.bars(rows, "received"),
            "resolved_bars": stats.bars(rows, "resolved"),
            "totals": {
                "received": sum(r.received for r in rows),
                "resolved": sum(r.resolved for r in rows),
            },
        },
    )


EXPORT_FIELDS = [
    "id",
    "categorie",
    "service",
    "commune_insee",
    "commune",
    "latitude",
    "longitude",
    "etat",
    "recu_le",
    "planifie_pour",
    "resolu_le",
    "jours_avant_resolution",
    "confirmations",
]


def _export_rows(request):
    """Public reports as open data: no name, no description, no address (free text)."""
    filters = _filters(request)
    reports = (
        filters.filter(_public_reports(request))
        .order_by("pk")
        .values_list(
            "pk",
            "category__name",
            "category__service__name",
            "commune__code",
            "commune__name",
            "latitude",
            "longitude",
            "status",
            "created_at",
            "planned_for",
            "resolved_at",
            "days_to_resolve",
            "confirmations_count",
        )
    )
    for row in reports.iterator(chunk_size=2000):
        row = list(row)
        row[5] = round(row[5], 5) if row[5] is not None else None
        row[6] = round(row[6], 5) if row[6] is not None else None
        row[8] = row[8].isoformat()
        row[9] = row[9].isoformat() if row[9] else None
        row[10] = row[10].isoformat() if row[10] else None
        yield row


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    import csv

    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in _chain([EXPORT_FIELDS], _export_rows(request)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signalements.csv"'
    return response


def export_geojson(request):
    import json

    def chunks():
        yield '{"type":"FeatureCollection","features":['
        first = True
        for row in _export_rows(request):
            properties = dict(zip(EXPORT_FIELDS, row, strict=True))
            lat, lon = properties.pop("latitude"), properties.pop("longitude")
            geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
            feature = {"type": "Feature", "geometry": geometry, "properties": properties}
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
            first = False
        yield "]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="signalements.geojson"'
    return response


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable
