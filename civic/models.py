"""Where Django finds civic's models (app label `civic`): each lives with its concern and is
imported from there, so that these imports register them all."""

from civic.dialogue.models.discussions import (
    Consultation,
    Discussion,
    Follow,
    OfficialAnswer,
    Post,
    Recommendation,
)
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.dialogue.models.notifications import Notification
from civic.moderation.models import ModerationDecision, Report
from civic.people.member_session import MemberSession
from civic.people.models import Profile, VerificationDecision
from civic.reports.models import (
    StreetReport,
    StreetReportCategory,
    StreetReportConfirmation,
    StreetReportEvent,
    StreetReportNote,
    StreetReportPhoto,
    StreetReportService,
)
from civic.territories.models import Territory, TerritoryLink
from civic.territories.settings import CivicSettings

__all__ = [
    "CivicGroup",
    "CivicSettings",
    "Consultation",
    "Discussion",
    "Follow",
    "MemberSession",
    "Membership",
    "ModerationDecision",
    "Notification",
    "OfficialAnswer",
    "Post",
    "Profile",
    "Recommendation",
    "Report",
    "StreetReport",
    "StreetReportCategory",
    "StreetReportConfirmation",
    "StreetReportEvent",
    "StreetReportNote",
    "StreetReportPhoto",
    "StreetReportService",
    "Territory",
    "TerritoryLink",
    "Theme",
    "VerificationDecision",
]
