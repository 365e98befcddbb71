"""The Wagtail admin's home: what waits for this staff member, each with its count and a link."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from agenda.admin_views import EventModerationViewSet
from civic.dialogue.models.discussions import Consultation
from civic.dialogue.permissions import speaks_for_council
from civic.moderation.admin import ModerationViewSet
from civic.moderation.elections import ElectionPeriod
from civic.participation.admin import CouncilViewSet, ParticipationReportViewSet
from civic.people.admin import VerificationViewSet
from civic.reports.admin import StreetReportViewSet

# The decision queues, in the order of the admin's menu.
QUEUES = (
    VerificationViewSet,
    ModerationViewSet,
    EventModerationViewSet,
    CouncilViewSet,
    ParticipationReportViewSet,
    StreetReportViewSet,
)


def waiting_items(user):
    """(label, count, url) of every queue `user` may decide, then the week's closing
    consultations and the pages waiting for this user's review."""
    items = []
    for viewset_class in QUEUES:
        viewset = viewset_class()
        if viewset.is_allowed(user):
            url = reverse(viewset.get_url_name("index"))
            items.append((viewset.menu_label, viewset.count_waiting(), url))
    if speaks_for_council(user):
        closing = (
            Consultation.objects.visible()
            .open()
            .filter(closes_at__lte=timezone.now() + timedelta(days=7))
            .count()
        )
        items.append(
            (
                _("Consultations qui ferment cette semaine"),
                closing,
                reverse("dialogue:consultations"),
            )
        )
    reviews = TaskState.objects.reviewable_by(user).filter(status=TaskState.STATUS_IN_PROGRESS)
    items.append((_("Pages à relire"), reviews.count(), reverse("wagtailadmin_reports:workflow")))
    return items


class WaitingPanel(Component):
    name = "waiting"
    order = 50  # above Wagtail's own panels
    template_name = "portal/admin/waiting_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {
            "items": waiting_items(self.user),
            "election_periods": ElectionPeriod.objects.current().select_related("territory"),
        }
