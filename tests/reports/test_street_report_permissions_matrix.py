"""Who may do what with street reports: every role against every action, from one table."""

import pytest
from helpers import make_report
from street_report_helpers import BEAUVAIS

from civic.reports import permissions as rules
from civic.reports import services

pytestmark = pytest.mark.usefixtures("portal_territory")

ROLES = ["anonymous", "reporter", "citizen", "agent", "other_agent", "staff", "moderator"]
# action: the roles allowed (an anonymous report, reported by « reporter », in the roads service).
MATRIX = {
    "report": {"reporter", "citizen", "agent", "other_agent", "staff", "moderator"},
    "view": set(ROLES),
    "view_hidden": {"reporter", "agent", "staff", "moderator"},
    "see_anonymous_reporter": {"agent", "staff", "moderator"},
    "confirm": {"citizen", "agent", "other_agent", "staff", "moderator"},
    "reopen_resolved": {"reporter", "agent", "staff"},
    "handle": {"agent", "staff"},
    "read_notes": {"agent", "staff"},
    "moderate": {"agent", "staff", "moderator"},
    "see_queue": {"agent", "other_agent", "staff"},
}


def allowed(action, user, report):
    if action == "report":
        return rules.can_report(user)
    if action == "view":
        return rules.can_view(user, report)
    if action == "view_hidden":
        report.hidden = True
        return rules.can_view(user, report)
    if action == "see_anonymous_reporter":
        return rules.can_see_reporter(user, report)
    if action == "confirm":
        return rules.can_confirm(user, report)
    if action == "reopen_resolved":
        from street_report_helpers import jpeg

        from civic.reports.photos import process

        services.change_status(
            user=report.reporter, report=report, status="resolved", resolution_photo=process(jpeg())
        )
        return rules.can_reopen(user, report)
    if action == "handle":
        return rules.can_handle(user, report)
    if action == "read_notes":
        return rules.can_read_notes(user, report)
    if action == "moderate":
        return rules.can_moderate(user, report)
    if action == "see_queue":
        return rules.can_see_queue(user)
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, action, people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS, anonymous=True)
    user = people[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert allowed(action, user, report) is (role in MATRIX[action])
