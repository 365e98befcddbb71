"""Wagtail admin: the moderation queue of all groups, and the log of every decision.

The decision forms are the public site's (civic/moderation/views.py): one implementation
decides, logs and notifies; the queue sends moderators there and brings them back.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, Table
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import Membership
from civic.moderation.models import ModerationDecision, Report
from civic.moderation.queues import AllowedOnlyMixin, QueueIndexView, QueueViewSet, TemplateColumn

AUTHOR = ("author__profile__home_commune", "author__profile__mandate_territory")


def waiting_count():
    """Open reports and posts awaiting approval, counted together in one query."""
    reports = Report.objects.open().order_by().values("pk")
    posts = Post.objects.filter(state=Post.State.PENDING).order_by().values("pk")
    return reports.union(posts, all=True).count()


class ReportFilterSet(WagtailFilterSet):
    class Meta:
        model = Report
        fields = ["reason"]


def _attach_author_memberships(reports):
    """report.author_membership: the reported author's membership of the group (to suspend)."""
    posts = [r.post for r in reports if r.post_id and r.post.author_id]
    memberships = Membership.objects.filter(
        user_id__in={p.author_id for p in posts},
        group_id__in={p.discussion.group_id for p in posts},
    )
    by_pair = {(m.user_id, m.group_id): m for m in memberships}
    for report in reports:
        post = report.post if report.post_id else None
        report.author_membership = (
            by_pair.get((post.author_id, post.discussion.group_id)) if post else None
        )


class ReportIndexView(QueueIndexView):
    """Open reports, then the posts awaiting approval below them."""

    model = Report
    page_title = gettext_lazy("Modération")
    template_name = "civic/admin/moderation_queue.html"
    filterset_class = ReportFilterSet
    default_ordering = ("created_at", "pk")
    verbose_name_plural = gettext_lazy("signalements")
    log_url_name = None

    @property
    def no_results_message(self):
        return _("Aucun signalement à traiter.")

    @cached_property
    def columns(self):
        return [
            TemplateColumn(
                "report", label=_("Signalement"), template_name="civic/admin/cells/report.html"
            ),
            TemplateColumn(
                "content",
                label=_("Contenu signalé"),
                template_name="civic/admin/cells/reported_content.html",
            ),
            TemplateColumn(
                "actions",
                label=_("Actions"),
                template_name="civic/admin/cells/report_actions.html",
                extra_context={"here": self.index_url},
            ),
        ]

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Journal des décisions"), url=reverse(self.log_url_name))]

    def get_base_queryset(self):
        return Report.objects.open().select_related(
            "reporter__profile",
            "group",
            "post__discussion__group",
            *[f"post__{path}" for path in AUTHOR],
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, reports, is_paginated = super().paginate_queryset(queryset, page_size)
        reports = list(reports)
        _attach_author_memberships(reports)
        return paginator, page, reports, is_paginated

    def count_text(self, count):
        return ngettext(
            "%(count)s signalement à traiter", "%(count)s signalements à traiter", count
        ) % {"count": count}

    def pending_posts(self):
        """The posts awaiting approval, all of them, as a table of their own."""
        posts = list(
            Post.objects.filter(state=Post.State.PENDING)
            .select_related("discussion__group", *AUTHOR)
            .order_by("created_at", "pk")
        )
        columns = [
            TemplateColumn(
                "post", label=_("Message"), template_name="civic/admin/cells/pending_post.html"
            ),
            TemplateColumn(
                "actions",
                label=_("Actions"),
                template_name="civic/admin/cells/pending_post_actions.html",
                extra_context={"here": self.index_url},
            ),
        ]
        return posts, Table(columns, posts)

    def get_context_data(self, *args, **kwargs):
        if self.results_only:  # a filter's refresh: the posts below the listing stay as they are
            return super().get_context_data(*args, **kwargs)
        posts, table = self.pending_posts()
        pending_text = ngettext(
            "%(count)s message en attente de validation",
            "%(count)s messages en attente de validation",
            len(posts),
        ) % {"count": len(posts)}
        return super().get_context_data(
            *args,
            pending_table=table,
            pending_count=len(posts),
            pending_text=pending_text,
            **kwargs,
        )


class ActionFilterSet(WagtailFilterSet):
    class Meta:
        model = ModerationDecision
        fields = ["action"]


def _moderator(decision):
    if decision.as_animator:
        return f"{decision.moderator_name} ({_('animation')})"
    return decision.moderator_name


def _subject(decision):
    if decision.group:
        return f"{decision.group.name} — {decision.summary}"
    return decision.summary


class DecisionLogView(AllowedOnlyMixin, IndexView):
    """Every moderation decision, newest first: who decided what, when and why."""

    model = ModerationDecision
    any_permission_required = None  # the viewset's permission function decides instead
    page_title = gettext_lazy("Journal de modération")
    filterset_class = ActionFilterSet
    default_ordering = ("-decided_at", "-pk")
    paginate_by = 50
    verbose_name_plural = gettext_lazy("décisions")
    queue_url_name = None

    @property
    def no_results_message(self):
        return _("Aucune décision pour le moment.")

    @property
    def columns(self):
        return [
            DateColumn("decided_at", label=_("Date"), sort_key="decided_at"),
            Column("get_action_display", label=_("Décision")),
            Column("subject", label=_("Objet"), accessor=_subject),
            Column("moderator", label=_("Par"), accessor=_moderator),
            Column("reason", label=_("Motif")),
        ]

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Retour à la file de modération"), url=reverse(self.queue_url_name))]

    def get_base_queryset(self):
        return ModerationDecision.objects.select_related("group")


class ModerationViewSet(QueueViewSet):
    """« Modération (3) »: reports and posts awaiting approval, of all groups; the log."""

    name = "civic_moderation"
    url_prefix = "moderation"
    menu_name = "moderation"
    menu_label = gettext_lazy("Modération")
    icon = "warning"
    menu_order = 260
    index_view_class = ReportIndexView

    def is_allowed(self, user):
        return rules.can_see_moderation_queue(user)

    def count_waiting(self):
        return waiting_count()

    def get_urlpatterns(self):
        urls = {
            "index_results_url_name": self.get_url_name("index_results"),
            "log_url_name": self.get_url_name("log"),
        }
        log_urls = {
            "index_url_name": self.get_url_name("log"),
            "index_results_url_name": self.get_url_name("log_results"),
            "queue_url_name": self.get_url_name("index"),
            "header_icon": "list-ul",
        }
        return [
            path("", self.construct_view(ReportIndexView, **urls), name="index"),
            path(
                "results/",
                self.construct_view(ReportIndexView, **urls, results_only=True),
                name="index_results",
            ),
            path("journal/", self.construct_view(DecisionLogView, **log_urls), name="log"),
            path(
                "journal/results/",
                self.construct_view(DecisionLogView, **log_urls, results_only=True),
                name="log_results",
            ),
        ]
