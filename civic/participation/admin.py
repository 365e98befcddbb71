"""Wagtail admin: the council's queue of proposals that reached their threshold, and the reports
about proposals, their comments and petitions. Both are `QueueViewSet`s (civic/moderation/queues.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.tables import Column, DateColumn

from civic.moderation.queues import DecideColumn, DecideView, QueueIndexView, QueueViewSet
from civic.participation import permissions as rules
from civic.participation import services
from civic.participation.models import ParticipationReport, Proposal


class CouncilDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            ("approve", gettext_lazy("Mettre à l'étude")),
            ("reject", gettext_lazy("Ne pas retenir")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Service chargé de l'étude, ou motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Publié dans le suivi de la proposition."),
        error_messages={
            "required": gettext_lazy("Nommez le service, ou donnez le motif du refus.")
        },
    )


class CouncilIndexView(QueueIndexView):
    model = Proposal
    page_title = gettext_lazy("Propositions au conseil")
    default_ordering = ("reached_at", "pk")
    verbose_name_plural = gettext_lazy("propositions")

    @property
    def no_results_message(self):
        return _("Aucune proposition n'attend le conseil.")

    @property
    def columns(self):
        return [
            Column("title", label=_("Proposition")),
            Column("territory", label=_("Territoire")),
            Column("support_count", label=_("Soutiens")),
            DateColumn("reached_at", label=_("Seuil atteint le"), sort_key="reached_at"),
            DecideColumn(self.decide_url_name),
        ]

    def get_base_queryset(self):
        return Proposal.objects.waiting_for_council().select_related("territory")

    def count_text(self, count):
        return ngettext(
            "%(count)s proposition attend le conseil",
            "%(count)s propositions attendent le conseil",
            count,
        ) % {"count": count}


class CouncilDecideView(DecideView):
    form_class = CouncilDecisionForm
    queryset = Proposal.objects.select_related("territory", "theme")
    page_title = gettext_lazy("Examiner une proposition")
    template_name = "civic/participation/admin/council_decide.html"
    already_decided = gettext_lazy("Cette proposition a déjà été prise en main.")

    def is_waiting(self, proposal):
        return proposal.status == Proposal.Status.SUBMITTED and proposal.reached_at is not None

    def decide(self, *, approve, reason):
        proposal = self.object
        if approve:
            services.update_status(
                user=self.request.user,
                proposal=proposal,
                status=Proposal.Status.STUDY,
                service=reason,
            )
            return _("« %(title)s » est mise à l'étude.") % {"title": proposal.title}
        services.update_status(
            user=self.request.user, proposal=proposal, status=Proposal.Status.REJECTED, text=reason
        )
        return _("« %(title)s » n'est pas retenue.") % {"title": proposal.title}


class CouncilViewSet(QueueViewSet):
    """« Propositions au conseil (3) »."""

    name = "civic_council_queue"
    url_prefix = "propositions-au-conseil"
    menu_name = "council_queue"
    menu_label = gettext_lazy("Propositions au conseil")
    icon = "list-ul"
    menu_order = 270
    index_view_class = CouncilIndexView
    decide_view_class = CouncilDecideView

    def is_allowed(self, user):
        return rules.can_see_council_queue(user)

    def count_waiting(self):
        return Proposal.objects.waiting_for_council().count()


class ReportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Décision"),
        choices=[
            ("approve", gettext_lazy("Masquer le contenu")),
            ("reject", gettext_lazy("Classer sans suite")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Indiquez le motif de la décision.")},
    )


class ReportIndexView(QueueIndexView):
    model = ParticipationReport
    page_title = gettext_lazy("Signalements (participation)")
    default_ordering = ("created_at", "pk")
    verbose_name_plural = gettext_lazy("signalements")

    @property
    def no_results_message(self):
        return _("Aucun signalement à traiter.")

    @property
    def columns(self):
        return [
            Column("target", label=_("Contenu"), accessor=lambda r: str(r.target)),
            Column("reason", label=_("Motif")),
            DateColumn("created_at", label=_("Signalé le"), sort_key="created_at"),
            DecideColumn(self.decide_url_name),
        ]

    def get_base_queryset(self):
        return ParticipationReport.objects.open().select_related("proposal", "comment", "petition")

    def count_text(self, count):
        return ngettext(
            "%(count)s signalement à traiter", "%(count)s signalements à traiter", count
        ) % {"count": count}


class ReportDecideView(DecideView):
    form_class = ReportDecisionForm
    queryset = ParticipationReport.objects.select_related("proposal", "comment", "petition")
    page_title = gettext_lazy("Examiner un signalement")
    template_name = "civic/participation/admin/report_decide.html"
    already_decided = gettext_lazy("Ce signalement a déjà été traité.")

    def is_waiting(self, report):
        return report.status == ParticipationReport.Status.OPEN

    def decide(self, *, approve, reason):
        services.decide_report(
            user=self.request.user, report=self.object, hide_content=approve, reason=reason
        )
        return _("Le contenu est masqué.") if approve else _("Le signalement est classé.")


class ParticipationReportViewSet(QueueViewSet):
    name = "civic_participation_reports"
    url_prefix = "signalements-participation"
    menu_name = "participation_reports"
    menu_label = gettext_lazy("Signalements (participation)")
    icon = "warning"
    menu_order = 275
    index_view_class = ReportIndexView
    decide_view_class = ReportDecideView

    def is_allowed(self, user):
        return rules.can_moderate(user)

    def count_waiting(self):
        return ParticipationReport.objects.open().count()
