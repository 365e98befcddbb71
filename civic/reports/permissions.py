"""Who may do what with street reports, in one place (tests/reports/test_permissions_matrix.py).

Roles: anonymous visitor; the reporter; another citizen (confirmed account); an agent of the
service the report's category goes to; an agent of another service; *Signalements* staff (perm
civic.manage_street_reports: every service, the categories); moderator (civic.moderate_content:
descriptions and photos, as for posts).
"""

from civic.dialogue.permissions import is_moderator, participates
from civic.people.permissions import is_member
from civic.reports.models import StreetReport

MANAGE = "civic.manage_street_reports"
# Given by the *Agents des signalements* group, which agents join with their first service: asking
# costs no query (permissions are cached), unlike their services.
HANDLE = "civic.handle_street_reports"
_SERVICES = "_civic_street_report_services"


def is_reports_staff(user) -> bool:
    return is_member(user) and user.has_perm(MANAGE)


def service_ids(user) -> frozenset[int]:
    """The services the user is an agent of, looked up once per request."""
    if not is_member(user):
        return frozenset()
    ids = getattr(user, _SERVICES, None)
    if ids is None:
        ids = frozenset(user.street_report_services.values_list("pk", flat=True))
        setattr(user, _SERVICES, ids)
    return ids


def is_agent(user) -> bool:
    return is_reports_staff(user) or bool(service_ids(user))


def handles(user, report: StreetReport) -> bool:
    """An agent of the report's service, or reports staff."""
    return is_reports_staff(user) or report.category.service_id in service_ids(user)


def is_reporter(user, report: StreetReport) -> bool:
    return is_member(user) and report.reporter_id == user.pk


def can_report(user) -> bool:
    return participates(user)


def can_view(user, report: StreetReport) -> bool:
    if not report.hidden:
        return True
    return is_reporter(user, report) or handles(user, report) or is_moderator(user)


def can_see_reporter(user, report: StreetReport) -> bool:
    """The name of an anonymous reporter is for staff only; others see it unless anonymous."""
    return not report.anonymous or handles(user, report) or is_moderator(user)


def can_confirm(user, report: StreetReport) -> bool:
    return (
        participates(user)
        and report.is_open
        and not report.hidden
        and not is_reporter(user, report)
    )


def can_reopen(user, report: StreetReport) -> bool:
    from civic.reports.services import can_still_reopen

    return (
        participates(user)
        and can_still_reopen(report)
        and not report.hidden
        and (
            is_reporter(user, report)
            or report.confirmations.filter(user=user).exists()
            or handles(user, report)
        )
    )


def can_handle(user, report: StreetReport) -> bool:
    """Change status, assign, write internal notes."""
    return handles(user, report)


def can_read_notes(user, report: StreetReport) -> bool:
    return handles(user, report)


def can_moderate(user, report: StreetReport) -> bool:
    """Hide a description or a photo (faces, number plates): moderators, and the service."""
    return is_moderator(user) or handles(user, report)


def can_see_queue(user) -> bool:
    return is_member(user) and (user.has_perm(HANDLE) or user.has_perm(MANAGE)) and is_agent(user)
