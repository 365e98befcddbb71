from .discussions import (
    Consultation,
    Discussion,
    Follow,
    OfficialAnswer,
    Post,
    Recommendation,
)
from .groups import CivicGroup, Membership, Theme
from .moderation import ModerationDecision, Report
from .notifications import Notification
from .profile import Profile, VerificationDecision
from .session import MemberSession
from .settings import CivicSettings, charter_url, root_territory
from .territory import Territory, TerritoryLink, places_within

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
    "Territory",
    "TerritoryLink",
    "Theme",
    "VerificationDecision",
    "charter_url",
    "places_within",
    "root_territory",
]
