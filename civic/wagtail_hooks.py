from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from civic.dialogue.models.groups import Theme
from civic.moderation.admin import ModerationViewSet
from civic.moderation.elections import ElectionPeriod
from civic.participation.admin import CouncilViewSet, ParticipationReportViewSet
from civic.people.admin import VerificationViewSet
from civic.reports.models import StreetReportCategory, StreetReportService


@hooks.register("register_admin_viewset")
def register_verification():
    return VerificationViewSet()


# Dialogue: the moderation queue (reports and posts awaiting approval), the decision log, themes.


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationViewSet()


# Participation: proposals at their threshold wait for the council; reports of proposals,
# comments and petitions wait for the moderators.


@hooks.register("register_admin_viewset")
def register_council_queue():
    return CouncilViewSet()


@hooks.register("register_admin_viewset")
def register_participation_reports():
    return ParticipationReportViewSet()


register_snippet(Theme)


class ElectionPeriodViewSet(SnippetViewSet):
    model = ElectionPeriod
    icon = "date"
    menu_label = gettext_lazy("Périodes préélectorales")
    list_display = ["name", "territory", "starts_on", "election_on"]


register_snippet(ElectionPeriodViewSet)


@hooks.register("register_admin_viewset")
def register_street_reports():
    from civic.reports.admin import StreetReportViewSet

    return StreetReportViewSet()


# Street reports: the services that handle them and the categories people choose from.
register_snippet(StreetReportService)
register_snippet(StreetReportCategory)
