"""The services' dashboard in the Wagtail admin: the same figures as the public statistics,
per service, with what is open and overdue now."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from civic.reports import permissions as rules
from civic.reports import stats
from civic.reports.models import StreetReport, StreetReportService


def dashboard(request, *, index_url_name):
    if not rules.can_see_queue(request.user):
        raise PermissionDenied
    services = StreetReportService.objects.order_by("name")
    if not rules.is_reports_staff(request.user):
        services = services.filter(pk__in=rules.service_ids(request.user))
    now = timezone.now()
    services = services.annotate(
        open_count=Count(
            "categories__reports",
            filter=~Q(categories__reports__status__in=StreetReport.CLOSED),
        ),
        overdue_count=Count(
            "categories__reports",
            filter=Q(
                categories__reports__status=StreetReport.Status.RECEIVED,
                categories__reports__response_due_at__lt=now,
            ),
        ),
    )
    services = list(services)
    chosen = None
    service_id = request.GET.get("service", "")
    if service_id.isdigit():
        chosen = next((s for s in services if s.pk == int(service_id)), None)
    reports = StreetReport.objects.filter(
        category__service__in=[chosen] if chosen else [s.pk for s in services]
    )
    rows = stats.monthly(reports)
    return render(
        request,
        "civic/admin/street_report_dashboard.html",
        {
            "services": services,
            "chosen": chosen,
            "rows": rows,
            "received_bars": stats.bars(rows, "received"),
            "resolved_bars": stats.bars(rows, "resolved"),
            "queue_url": reverse(index_url_name),
        },
    )
