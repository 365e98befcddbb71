"""Who may do what with proposals and petitions: every role × every action.

The stage: a proposal for Creil by Alice (who lives there) and a petition to Creil. Roles:
anonymous, a citizen of Beauvais (outside), a citizen of Creil (inside), a verified association
of Creil, Creil's verified mayor, *Communication* staff (living in Beauvais), a *Modération*
moderator (living in Beauvais).
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from participation_helpers import fresh

from civic.participation import permissions as rules
from civic.participation import services

ROLES = ["anonymous", "outsider", "resident", "association", "elected", "staff", "moderator"]
SIGNED_IN = set(ROLES) - {"anonymous"}
INSIDE = {"resident", "association", "elected"}
COUNCIL = {"elected", "staff"}


def _sent(stage):
    stage.petition.sent_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    stage.petition.status = "sent"
    return stage.petition


MATRIX = {
    "propose": (SIGNED_IN, lambda u, s: rules.can_propose(u)),
    "view_proposal": (set(ROLES), lambda u, s: rules.can_view_proposal(u, s.proposal)),
    "view_hidden_proposal": ({"moderator"}, lambda u, s: rules.can_view_proposal(u, s.hidden)),
    "support": (INSIDE, lambda u, s: rules.can_support(u, s.proposal)),
    "follow_proposal": (SIGNED_IN, lambda u, s: rules.can_follow_proposal(u, s.proposal)),
    "comment": (SIGNED_IN, lambda u, s: rules.can_comment(u, s.proposal)),
    "update_status": (COUNCIL, lambda u, s: rules.can_update_status(u, s.proposal)),
    "set_thresholds": ({"staff"}, lambda u, s: rules.can_set_thresholds(u)),
    "see_council_queue": ({"staff"}, lambda u, s: rules.can_see_council_queue(u)),
    "see_supporter_names": (SIGNED_IN, lambda u, s: rules.can_see_supporter_names(u)),
    "report_proposal": (SIGNED_IN, lambda u, s: rules.can_report(u, s.proposal)),
    "hide_and_restore": ({"moderator"}, lambda u, s: rules.can_moderate(u)),
    "open_petition": (SIGNED_IN, lambda u, s: rules.can_open_petition(u)),
    "sign": (SIGNED_IN, lambda u, s: rules.can_sign(u, s.petition)),
    "sign_twice_in_the_quarter": (
        set(),
        lambda u, s: rules.can_sign(u, s.petition, signed_this_quarter=True),
    ),
    "enter_paper_signatures": (
        COUNCIL,
        lambda u, s: rules.can_enter_paper_signatures(u, s.petition),
    ),
    "see_signatures": (COUNCIL, lambda u, s: rules.can_see_signatures(u, s.petition)),
    "set_electorate": ({"staff"}, lambda u, s: rules.can_set_electorate(u)),
    "record_follow_up_of_a_sent_request": (
        COUNCIL,
        lambda u, s: rules.can_record_follow_up(u, _sent(s)),
    ),
    "record_follow_up_before_it_is_sent": (
        set(),
        lambda u, s: rules.can_record_follow_up(u, s.petition),
    ),
}


class Stage:
    pass


@pytest.fixture
def stage(people, proposal, creil, mobilite):
    stage = Stage()
    stage.people = people
    stage.proposal = proposal
    stage.hidden = services.propose(
        user=people["author"], title="Masquée", body="…", theme=mobilite, territory=creil
    )
    stage.hidden.is_hidden = True
    services.set_electorate(
        user=people["staff"],
        territory=creil,
        registered_voters=1000,
        roll_date=datetime.date(2026, 1, 1),
    )
    stage.petition = services.open_petition(
        user=people["author"], collectivity=creil, kind="consultation", title="P", body="…"
    )
    return stage


CASES = [(role, action) for action in MATRIX for role in ROLES]


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{a}-{r}" for r, a in CASES])
def test_permission_matrix(stage, role, action):
    allowed, predicate = MATRIX[action]
    user = fresh(stage.people[role]) or AnonymousUser()
    assert predicate(user, stage) is (role in allowed)
