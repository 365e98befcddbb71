"""Where Django finds civic's models (app label `civic`): each lives with its concern and is
imported from there, so that these imports register them all."""

from civic.dialogue.models.answers import AnswerRevision, AnswerUpdate
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
from civic.dialogue.models.polls import Ballot, BallotAnswer, Choice, Question
from civic.feed.models import Interest
from civic.moderation.elections import ElectionPeriod
from civic.moderation.models import ModerationDecision, Report
from civic.participation.models import (
    Electorate,
    ParticipationReport,
    Petition,
    PetitionSignature,
    Proposal,
    ProposalComment,
    ProposalCommuneCount,
    ProposalFollow,
    ProposalSupport,
    ProposalUpdate,
    SupportThreshold,
)
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
    "AnswerRevision",
    "AnswerUpdate",
    "Ballot",
    "BallotAnswer",
    "Choice",
    "CivicGroup",
    "CivicSettings",
    "Consultation",
    "Discussion",
    "ElectionPeriod",
    "Electorate",
    "Follow",
    "Interest",
    "MemberSession",
    "Membership",
    "ModerationDecision",
    "Notification",
    "OfficialAnswer",
    "ParticipationReport",
    "Petition",
    "PetitionSignature",
    "Post",
    "Profile",
    "Proposal",
    "ProposalComment",
    "ProposalCommuneCount",
    "ProposalFollow",
    "ProposalSupport",
    "ProposalUpdate",
    "Question",
    "Recommendation",
    "Report",
    "StreetReport",
    "StreetReportCategory",
    "StreetReportConfirmation",
    "StreetReportEvent",
    "StreetReportNote",
    "StreetReportPhoto",
    "StreetReportService",
    "SupportThreshold",
    "Territory",
    "TerritoryLink",
    "Theme",
    "VerificationDecision",
]
