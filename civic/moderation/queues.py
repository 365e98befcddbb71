"""The Wagtail admin's decision queues: what waits for staff, listed, counted in the menu, decided.

Verification (civic/people/admin.py), moderation (civic/moderation/admin.py) and proposed events
(agenda/admin_views.py) are each a `QueueViewSet`: a listing of the waiting items, a decision
form per item, and a menu item whose label says how many wait, « Vérifications (3) ». Who may
see and decide is one of the project's permission functions, given once to the viewset.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet


class QueueMenuItem(MenuItem):
    """Shown to those allowed to decide; the label counts what waits, in one query."""

    def __init__(self, *args, is_allowed, count_waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_allowed = is_allowed
        self.count_waiting = count_waiting

    def is_shown(self, request):
        return self.is_allowed(request.user)

    def render_component(self, request):
        waiting = self.count_waiting()
        label = f"{self.label} ({waiting})" if waiting else str(self.label)
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class AllowedOnlyMixin:
    """Lets in only the users the viewset's permission function accepts."""

    is_allowed = None  # given by the viewset: user -> bool

    def dispatch(self, request, *args, **kwargs):
        if not self.is_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TemplateColumn(Column):
    """A listing column whose cells are rendered by a template, given `instance`."""

    def __init__(self, name, *, template_name, extra_context=None, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name
        self.extra_context = extra_context or {}

    def get_cell_context_data(self, instance, parent_context):
        context = {**super().get_cell_context_data(instance, parent_context), **self.extra_context}
        # Cells render without the request's context processors: their forms need the token.
        if context["request"] is not None:
            context["csrf_token"] = get_token(context["request"])
        return context


class DecideColumn(Column):
    """The « Examiner » button of a row, to the item's decision form."""

    cell_template_name = "civic/admin/cells/decide.html"

    def __init__(self, url_name, **kwargs):
        super().__init__("decide", label=_("Action"), **kwargs)
        self.url_name = url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(self.url_name, args=[instance.pk])
        return context


class QueueIndexView(AllowedOnlyMixin, IndexView):
    """The items waiting for a decision, oldest first, with their count above the listing."""

    any_permission_required = None  # the viewset's permission function decides instead
    template_name = "civic/admin/queue_index.html"
    results_template_name = "civic/admin/queue_results.html"
    paginate_by = 20  # as Wagtail's own listings
    decide_url_name = None

    def count_text(self, count):
        """« 3 demandes en attente »: what the queue holds, in words."""
        raise NotImplementedError

    def recent_decisions(self):
        """The last decisions below the listing: (moment, sentence) pairs, newest first."""
        return []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["count_text"] = self.count_text(context["items_count"])
        if not self.results_only:  # a filter's refresh leaves what is below the listing alone
            context["recent_decisions"] = self.recent_decisions()
        return context


class DecideView(WagtailAdminTemplateMixin, FormView):
    """Approve or refuse one waiting item, with a reason for a refusal; back to the queue."""

    template_name = "civic/admin/decide.html"
    is_allowed = None  # given by the viewset: user -> bool
    queryset = None
    index_url_name = None
    queue_title = ""
    already_decided = ""  # the message when someone else decided first

    def dispatch(self, request, *args, pk, **kwargs):
        # Permission first, so that a stranger learns nothing, not even whether the item exists.
        if not self.is_allowed(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(self.queryset, pk=pk)
        if not self.is_waiting(self.object):
            messages.info(request, self.already_decided)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def is_waiting(self, item):
        raise NotImplementedError

    def decide(self, *, approve, reason):
        """Record the decision through the service; returns the message for the moderator."""
        raise NotImplementedError

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.queue_title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        message = self.decide(approve=approve, reason=form.cleaned_data["reason"].strip())
        messages.success(self.request, message)
        return redirect(self.index_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class QueueViewSet(ViewSet):
    """A queue in the admin: its listing, its decision form, its counted menu item."""

    add_to_admin_menu = True
    index_view_class = QueueIndexView
    decide_view_class = DecideView

    def is_allowed(self, user):
        """Whether `user` sees the queue and decides: one of the project's permission functions."""
        raise NotImplementedError

    def count_waiting(self):
        """How many items wait: one query, for the menu's label."""
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            is_allowed=self.is_allowed,
            index_url_name=self.get_url_name("index"),
            header_icon=self.icon,
            **kwargs,
        )

    def get_menu_item(self, order=None):
        return QueueMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            is_allowed=self.is_allowed,
            count_waiting=self.count_waiting,
        )

    def get_urlpatterns(self):
        index = self.construct_view(
            self.index_view_class,
            index_results_url_name=self.get_url_name("index_results"),
            decide_url_name=self.get_url_name("decide"),
        )
        results = self.construct_view(
            self.index_view_class,
            index_results_url_name=self.get_url_name("index_results"),
            decide_url_name=self.get_url_name("decide"),
            results_only=True,
        )
        decide = self.construct_view(self.decide_view_class, queue_title=self.menu_label)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("<int:pk>/", decide, name="decide"),
        ]
