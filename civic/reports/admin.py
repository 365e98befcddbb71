"""Wagtail admin: the queue of street reports, per service, and the services' dashboard.

Agents see the reports of their services (reports staff see all), with counts, filters, the
overdue ones highlighted, bulk actions (take in charge, assign) and a link to each report's
page, where its status, photos and internal notes are handled (civic/reports/views.py).
"""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column, DateColumn

from civic.moderation.queues import QueueIndexView, QueueMenuItem, QueueViewSet, TemplateColumn
from civic.reports import permissions as rules
from civic.reports import services
from civic.reports.models import StreetReport, StreetReportCategory, StreetReportService


def handled_by(user):
    """The reports the user's services handle (all of them for reports staff)."""
    reports = StreetReport.objects.all()
    if not rules.is_reports_staff(user):
        reports = reports.filter(category__service__in=rules.service_ids(user))
    return reports


class StreetReportFilterSet(WagtailFilterSet):
    service = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Service"),
        field_name="category__service",
        queryset=StreetReportService.objects.all(),
    )
    overdue = django_filters.BooleanFilter(label=gettext_lazy("En retard"), method="filter_overdue")
    open = django_filters.BooleanFilter(label=gettext_lazy("Ouvert"), method="filter_open")

    class Meta:
        model = StreetReport
        fields = ["service", "category", "status", "assigned_to", "commune", "overdue", "open"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = StreetReportCategory.objects.all()
        self.filters["assigned_to"].queryset = (
            get_user_model().objects.filter(street_report_services__isnull=False).distinct()
        )
        self.filters["commune"].queryset = StreetReport.commune.field.related_model.objects.filter(
            kind="commune", pk__in=StreetReport.objects.values("commune")
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.filter(status__in=StreetReport.CLOSED)


class StreetReportQueueView(QueueIndexView):
    model = StreetReport
    page_title = gettext_lazy("Signalements de rue")
    template_name = "civic/admin/street_report_queue.html"
    filterset_class = StreetReportFilterSet
    default_ordering = ("created_at", "pk")
    verbose_name_plural = gettext_lazy("signalements de rue")
    bulk_url_name = None
    dashboard_url_name = None

    @property
    def no_results_message(self):
        return _("Aucun signalement pour ces filtres.")

    @cached_property
    def columns(self):
        now = timezone.now()
        return [
            TemplateColumn(
                "select",
                label=_("Choisir"),
                template_name="civic/admin/cells/street_report_select.html",
            ),
            TemplateColumn(
                "report",
                label=_("Signalement"),
                template_name="civic/admin/cells/street_report.html",
                extra_context={"now": now},
            ),
            Column("status", label=_("État"), accessor="get_status_display"),
            DateColumn("created_at", label=_("Reçu le"), sort_key="created_at"),
            Column("confirmations_count", label=_("Confirmations"), sort_key="confirmations_count"),
            Column("assigned", label=_("Agent·e"), accessor=_agent_name),
        ]

    def get_base_queryset(self):
        return handled_by(self.request.user).select_related(
            "category__service", "commune", "assigned_to__profile"
        )

    def count_text(self, count):
        return ngettext("%(count)s signalement", "%(count)s signalements", count) % {"count": count}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            context["bulk_url"] = reverse(self.bulk_url_name)
            context["dashboard_url"] = reverse(self.dashboard_url_name)
            context["agents"] = (
                get_user_model()
                .objects.filter(street_report_services__in=self.allowed_services())
                .select_related("profile")
                .distinct()
                .order_by("profile__display_name")
            )
        return context

    def allowed_services(self):
        services_ = StreetReportService.objects.all()
        if not rules.is_reports_staff(self.request.user):
            services_ = services_.filter(pk__in=rules.service_ids(self.request.user))
        return services_


def _agent_name(report):
    agent = report.assigned_to
    if agent is None:
        return "—"
    return getattr(getattr(agent, "profile", None), "display_name", "") or agent.get_username()


@require_POST
def bulk_action(request, *, index_url_name):
    """Take in charge, or assign to an agent, the chosen reports the user handles."""
    if not rules.can_see_queue(request.user):
        raise PermissionDenied
    ids = [int(pk) for pk in request.POST.getlist("report") if pk.isdigit()]
    reports = list(handled_by(request.user).filter(pk__in=ids).select_related("category"))
    action = request.POST.get("action", "")
    if not reports:
        messages.error(request, _("Cochez au moins un signalement."))
        return redirect(index_url_name)
    if action == "take":
        taken = 0
        for report in reports:
            if report.status == StreetReport.Status.RECEIVED:
                services.change_status(user=request.user, report=report, status="taken")
                taken += 1
        messages.success(
            request,
            ngettext(
                "%(count)d signalement pris en charge.",
                "%(count)d signalements pris en charge.",
                taken,
            )
            % {"count": taken},
        )
    elif action.startswith("assign:"):
        agent_id = action.removeprefix("assign:")
        User = get_user_model()
        agent = None
        if agent_id:
            agent = User.objects.filter(
                pk=agent_id if agent_id.isdigit() else 0,
                street_report_services__in=[r.category.service_id for r in reports],
            ).first()
            if agent is None:
                messages.error(request, _("Cet agent·e ne fait pas partie du service."))
                return redirect(index_url_name)
        count = services.assign(user=request.user, reports=reports, agent=agent)
        messages.success(
            request,
            ngettext("%(count)d signalement assigné.", "%(count)d signalements assignés.", count)
            % {"count": count},
        )
    else:
        messages.error(request, _("Choisissez une action."))
    return redirect(index_url_name)


class StreetReportMenuItem(QueueMenuItem):
    """« Signalements de rue (4) »: what waits for the user's own services."""

    def render_component(self, request):
        waiting = handled_by(request.user).filter(status=StreetReport.Status.RECEIVED).count()
        label = f"{self.label} ({waiting})" if waiting else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name)


class StreetReportViewSet(QueueViewSet):
    name = "civic_street_reports"
    url_prefix = "signalements-de-rue"
    menu_name = "street_reports"
    menu_label = gettext_lazy("Signalements de rue")
    icon = "site"
    menu_order = 265

    def is_allowed(self, user):
        return rules.can_see_queue(user)

    def count_waiting(self):
        return 0  # per user: StreetReportMenuItem counts

    def get_menu_item(self, order=None):
        return StreetReportMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            is_allowed=self.is_allowed,
            count_waiting=self.count_waiting,
        )

    def get_urlpatterns(self):
        from civic.reports.dashboard import dashboard

        urls = {
            "index_results_url_name": self.get_url_name("index_results"),
            "bulk_url_name": self.get_url_name("bulk"),
            "dashboard_url_name": self.get_url_name("dashboard"),
        }
        index_url = self.get_url_name("index")
        return [
            path("", self.construct_view(StreetReportQueueView, **urls), name="index"),
            path(
                "results/",
                self.construct_view(StreetReportQueueView, **urls, results_only=True),
                name="index_results",
            ),
            path("actions/", bulk_action, {"index_url_name": index_url}, name="bulk"),
            path("tableau-de-bord/", dashboard, {"index_url_name": index_url}, name="dashboard"),
        ]
