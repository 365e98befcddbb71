"""Wagtail admin: the queue of association and elected-official requests."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from civic.moderation.queues import DecideColumn, DecideView, QueueIndexView, QueueViewSet
from civic.people import permissions
from civic.people.forms.profiles import DecisionForm
from civic.people.models import Profile, VerificationDecision
from civic.people.services import decide_verification

REQUESTED_KINDS = [
    (Profile.Kind.ASSOCIATION, Profile.Kind.ASSOCIATION.label),
    (Profile.Kind.ELECTED, Profile.Kind.ELECTED.label),
]


class VerificationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Demande"), choices=REQUESTED_KINDS)

    class Meta:
        model = Profile
        fields = []


def _person(profile):
    return f"{profile.user.get_full_name()} — {profile.user.email}"


def _request(profile):
    if profile.kind == Profile.Kind.ELECTED:
        return f"{profile.get_kind_display()} — {profile.mandate_label}"
    return profile.get_kind_display()


def _decision_text(decision):
    text = _("%(name)s (%(kind)s) : %(outcome)s par %(by)s") % {
        "name": decision.profile.display_name,
        "kind": decision.get_requested_kind_display(),
        "outcome": decision.get_outcome_display(),
        "by": decision.decided_by_name,
    }
    return f"{text} — « {decision.reason} »" if decision.reason else text


class VerificationIndexView(QueueIndexView):
    model = Profile
    page_title = gettext_lazy("Vérifications")
    filterset_class = VerificationFilterSet
    default_ordering = ("requested_at", "pk")
    verbose_name_plural = gettext_lazy("demandes")

    @property
    def no_results_message(self):
        return _("Aucune demande en attente.")

    @property
    def columns(self):
        return [
            Column("display_name", label=_("Nom")),
            Column("person", label=_("Personne"), accessor=_person),
            Column("request", label=_("Demande"), accessor=_request),
            DateColumn("requested_at", label=_("Envoyée le"), sort_key="requested_at"),
            DecideColumn(self.decide_url_name),
        ]

    def get_base_queryset(self):
        return Profile.objects.pending().with_related()

    def count_text(self, count):
        return ngettext("%(count)s demande en attente", "%(count)s demandes en attente", count) % {
            "count": count
        }

    def recent_decisions(self):
        decisions = VerificationDecision.objects.select_related("profile")[:20]
        return [(decision.decided_at, _decision_text(decision)) for decision in decisions]


class VerificationDecideView(DecideView):
    form_class = DecisionForm
    queryset = Profile.objects.with_related()
    page_title = gettext_lazy("Examiner une demande")
    template_name = "civic/admin/verification_decide.html"
    already_decided = gettext_lazy("Cette demande a déjà été traitée.")

    def is_waiting(self, profile):
        return profile.status == Profile.Status.PENDING

    def decide(self, *, approve, reason):
        profile = self.object
        decide_verification(
            profile=profile, moderator=self.request.user, approve=approve, reason=reason
        )
        if approve:
            return profile.gendered(
                _("%(name)s est vérifiée."),
                _("%(name)s est vérifié."),
                _("%(name)s est vérifié·e."),
            ) % {"name": profile.display_name}
        return _("La demande de %(name)s est refusée.") % {"name": profile.display_name}


class VerificationViewSet(QueueViewSet):
    """« Vérifications (3) »: the requests to become a verified association or elected official."""

    name = "civic_verifications"
    url_prefix = "verifications"
    menu_name = "verifications"
    menu_label = gettext_lazy("Vérifications")
    icon = "user"
    menu_order = 250
    index_view_class = VerificationIndexView
    decide_view_class = VerificationDecideView

    def is_allowed(self, user):
        return permissions.can_verify_profiles(user)

    def count_waiting(self):
        return Profile.objects.pending().count()
