from wagtail import hooks
from wagtail.snippets.models import register_snippet

from civic.dialogue.models.groups import Theme
from civic.moderation.admin import ModerationViewSet
from civic.people.admin import VerificationViewSet
from civic.reports.models import StreetReportCategory, StreetReportService


@hooks.register("register_admin_viewset")
def register_verification():
    return VerificationViewSet()


# Dialogue: the moderation queue (reports and posts awaiting approval), the decision log, themes.


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationViewSet()


register_snippet(Theme)


@hooks.register("register_admin_viewset")
def register_street_reports():
    from civic.reports.admin import StreetReportViewSet

    return StreetReportViewSet()


# Street reports: the services that handle them and the categories people choose from.
register_snippet(StreetReportService)
register_snippet(StreetReportCategory)
