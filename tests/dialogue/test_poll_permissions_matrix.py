"""Who may do what with consultation polls and official answers: every role × every action.

The stage: « Vélo à Creil » (territory: Creil); Marc is a member; Rose lives in Creil but is not
a member; Nina lives in Beauvais; « Creil Vélo » is a verified association of Creil (not a
member); Jean is the verified mayor of Creil (a member); Léa is *Communication* staff; Claire
is a *Modération* staff member. Consultations ask the group, Creil's residents, or anyone.
"""

import pytest
from dialogue_helpers import fresh
from django.contrib.auth.models import AnonymousUser
from factories import make_member
from poll_helpers import answers, open_poll

from civic.dialogue import permissions as rules
from civic.dialogue.services import discussions, polls
from civic.people.models import Profile

ROLES = [
    "anonymous",
    "citizen_outside",
    "citizen_inside",
    "group_member",
    "association",
    "elected",
    "staff",
    "moderator",
]
IDENTIFIED = set(ROLES) - {"anonymous"}
RESIDENTS = {"citizen_inside", "group_member", "association", "elected"}
MEMBERS = {"group_member", "elected"}
COUNCIL = {"elected", "staff"}

MATRIX = {
    "answer_a_group_poll": (MEMBERS, lambda u, s: rules.can_answer_poll(u, s.group_poll)),
    "answer_a_territory_poll": (
        RESIDENTS,
        lambda u, s: rules.can_answer_poll(u, s.territory_poll),
    ),
    "answer_a_poll_open_to_all": (
        IDENTIFIED,
        lambda u, s: rules.can_answer_poll(u, s.open_poll),
    ),
    "answer_after_closing": (set(), lambda u, s: rules.can_answer_poll(u, s.closed_poll)),
    "change_an_answer": (RESIDENTS, lambda u, s: rules.can_answer_poll(u, s.territory_poll)),
    "change_an_answer_after_closing": (
        set(),
        lambda u, s: rules.can_answer_poll(u, s.closed_poll),
    ),
    "see_hidden_results_live": (
        COUNCIL,
        lambda u, s: rules.can_see_results(u, s.territory_poll),
    ),
    "see_live_results_when_staff_chose_so": (
        set(ROLES),
        lambda u, s: rules.can_see_results(u, s.live_poll),
    ),
    "see_published_results": (set(ROLES), lambda u, s: rules.can_see_results(u, s.published)),
    "edit_the_questions": (COUNCIL, lambda u, s: rules.can_edit_poll(u, s.territory_poll)),
    "close": (COUNCIL, lambda u, s: rules.can_close_consultation(u, s.territory_poll)),
    "reopen": (COUNCIL, lambda u, s: rules.can_reopen_consultation(u, s.closed_poll)),
    "reopen_once_results_are_published": (
        set(),
        lambda u, s: rules.can_reopen_consultation(u, s.published),
    ),
    "publish_results": (COUNCIL, lambda u, s: rules.can_publish_results(u, s.closed_poll)),
    "export": (COUNCIL, lambda u, s: rules.can_export_results(u, s.territory_poll)),
    "publish_an_official_answer": (
        COUNCIL,
        lambda u, s: rules.can_publish_official_answer(u, s.closed_poll),
    ),
    "answer_a_discussion_officially": (
        COUNCIL,
        lambda u, s: rules.can_answer_discussion(u, s.discussion),
    ),
    "correct_an_official_answer": (
        COUNCIL,
        lambda u, s: rules.can_correct_official_answer(u, s.answer),
    ),
    "follow_up_an_official_answer": (
        COUNCIL,
        lambda u, s: rules.can_follow_up_answer(u, s.answer),
    ),
}


class Stage:
    pass


@pytest.fixture
def stage(people, group, discussion, creil, portal_territory):
    association = make_member(
        first_name="Creil",
        last_name="Vélo",
        commune=creil,
        kind=Profile.Kind.ASSOCIATION,
        status=Profile.Status.VERIFIED,
    )
    s = Stage()
    s.users = {
        "anonymous": None,
        "citizen_outside": people["non_member"],
        "citizen_inside": make_member(first_name="Rose", last_name="Riveraine", commune=creil),
        "group_member": people["member"],
        "association": association,
        "elected": people["elected_here"],
        "staff": people["communication"],
        "moderator": people["moderator"],
    }
    s.group = group
    s.discussion = discussion
    s.group_poll = open_poll(people, group, audience="group")
    s.territory_poll = open_poll(people, group, audience="territory")
    s.open_poll = open_poll(people, group, audience="identified")
    s.live_poll = open_poll(people, group, live_results=True)
    staff = fresh(people["communication"])
    for role in RESIDENTS:  # each resident already answered the territory poll
        polls.answer_poll(
            user=fresh(s.users[role]),
            consultation=s.territory_poll,
            answers=answers(s.territory_poll, single="Bords de l'Oise", ranking=["Vitesse"]),
        )
    s.closed_poll = open_poll(people, group)
    discussions.close_consultation(user=staff, consultation=s.closed_poll)
    s.published = open_poll(people, group)
    discussions.close_consultation(user=staff, consultation=s.published)
    polls.publish_results(user=staff, consultation=s.published)
    s.answer = discussions.publish_official_answer(
        user=staff, consultation=s.published, body="Merci."
    )
    for consultation in (s.closed_poll, s.published):
        consultation.refresh_from_db()
    return s


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_poll_and_answer_permissions(stage, role, action):
    allowed, predicate = MATRIX[action]
    user = stage.users[role]
    user = AnonymousUser() if user is None else fresh(user)
    assert predicate(user, stage) == (role in allowed), f"{role} / {action}"
