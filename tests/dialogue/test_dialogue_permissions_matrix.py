"""Who may do what in groups, discussions, consultations and moderation: every role × every action.

The stage: the open group « Vélo à Creil » (territory: Creil) animated by Anne; Marc is a member
and opened a discussion; Sam is a suspended member; Jean is the verified mayor of Creil and a
member; Bea is the verified mayor of Beauvais. Each role also wrote a post of its own in the
discussion, for the « own post » actions.
"""

import pytest
from dialogue_helpers import fresh, verified_elected
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from factories import make_group, make_member

from civic.dialogue import permissions as rules
from civic.dialogue.models.discussions import Consultation, Discussion, Post
from civic.dialogue.models.groups import Membership
from civic.dialogue.services import discussions, groups
from civic.moderation import services as moderation
from civic.moderation.models import Report

ROLES = [
    "anonymous",
    "unconfirmed",
    "non_member",
    "member",
    "animator",
    "suspended",
    "moderator",
    "communication",
    "elected_here",
    "elected_elsewhere",
    "superuser",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
CONFIRMED = SIGNED_IN - {"unconfirmed"}
POSTING = {"member", "animator", "elected_here", "superuser"}
ANIMATION = {"animator", "superuser"}
MODERATION = {"animator", "moderator", "superuser"}
STAFF_MODERATION = {"moderator", "superuser"}
COUNCIL = {"communication", "elected_here", "superuser"}

# action: (roles allowed, predicate). Every other role is refused.
MATRIX = {
    "view_group": (set(ROLES), lambda u, s: rules.can_view_group(u, s.group)),
    "view_hidden_group": (STAFF_MODERATION, lambda u, s: rules.can_view_group(u, s.hidden_group)),
    "create_group": (CONFIRMED, lambda u, s: rules.can_create_group(u)),
    "join_group": (
        {"non_member", "moderator", "communication", "elected_elsewhere", "superuser"},
        lambda u, s: rules.can_join_group(u, s.group),
    ),
    "leave_group": ({"member", "elected_here"}, lambda u, s: rules.can_leave_group(u, s.group)),
    "start_discussion": (POSTING, lambda u, s: rules.can_start_discussion(u, s.group)),
    "reply": (POSTING, lambda u, s: rules.can_reply(u, s.discussion)),
    "reply_to_closed_consultation": (
        set(),
        lambda u, s: rules.can_reply(u, s.closed_consultation.discussion),
    ),
    "edit_own_post": (CONFIRMED - {"suspended"}, lambda u, s: rules.can_edit_post(u, s.own(u))),
    "delete_own_post": (SIGNED_IN, lambda u, s: rules.can_delete_post(u, s.own(u))),
    "edit_someone_elses_post": (set(), lambda u, s: rules.can_edit_post(u, s.foreign(u))),
    "delete_someone_elses_post": (set(), lambda u, s: rules.can_delete_post(u, s.foreign(u))),
    "recommend": (
        CONFIRMED - {"member", "suspended"},
        lambda u, s: rules.can_recommend(u, s.opening),
    ),
    "follow": (CONFIRMED - {"member"}, lambda u, s: rules.can_follow(u, s.people["member"])),
    "report_post": (SIGNED_IN - {"member"}, lambda u, s: rules.can_report_post(u, s.opening)),
    "report_group": (SIGNED_IN, lambda u, s: rules.can_report_group(u, s.group)),
    "pin": (ANIMATION, lambda u, s: rules.can_animate(u, s.group)),
    "edit_rules": (ANIMATION, lambda u, s: rules.can_animate(u, s.group)),
    "name_animator": (ANIMATION, lambda u, s: rules.can_animate(u, s.group)),
    "accept_request": (ANIMATION, lambda u, s: rules.can_animate(u, s.group)),
    "set_notifications": (
        {"member", "animator", "elected_here"},
        lambda u, s: rules.can_set_notifications(u, s.group),
    ),
    "open_consultation": (COUNCIL, lambda u, s: rules.can_open_consultation(u, s.group)),
    "close_consultation": (
        COUNCIL,
        lambda u, s: rules.can_close_consultation(u, s.open_consultation),
    ),
    "publish_official_answer": (
        COUNCIL,
        lambda u, s: rules.can_publish_official_answer(u, s.closed_consultation),
    ),
    "publish_official_answer_while_open": (
        set(),
        lambda u, s: rules.can_publish_official_answer(u, s.open_consultation),
    ),
    "see_moderation_queue": (STAFF_MODERATION, lambda u, s: rules.can_see_moderation_queue(u)),
    "see_group_reports": (MODERATION, lambda u, s: rules.can_see_group_reports(u, s.group)),
    "dismiss_report": (MODERATION, lambda u, s: rules.can_moderate_group(u, s.group)),
    "hide_post": (MODERATION, lambda u, s: rules.can_hide_post(u, s.opening)),
    "restore_post": (MODERATION, lambda u, s: rules.can_restore_post(u, s.hidden_post)),
    "view_hidden_discussion": (
        MODERATION,
        lambda u, s: rules.can_view_discussion(u, s.hidden_discussion),
    ),
    "hide_group": (STAFF_MODERATION, lambda u, s: rules.can_hide_group(u, s.group)),
    "restore_group": (STAFF_MODERATION, lambda u, s: rules.can_restore_group(u, s.hidden_group)),
    "suspend_member": (
        MODERATION,
        lambda u, s: rules.can_suspend_member(u, s.membership("member")),
    ),
    "suspend_animator": (
        STAFF_MODERATION,
        lambda u, s: rules.can_suspend_member(u, s.membership("animator")),
    ),
    "reinstate_member": (
        MODERATION,
        lambda u, s: rules.can_reinstate_member(u, s.membership("suspended")),
    ),
}


class Stage:
    def __init__(self, people, group, discussion, hidden_group):
        self.people = people
        self.group = group
        self.discussion = discussion
        self.hidden_group = hidden_group
        self.opening = discussion.posts.get(is_opening=True)
        self.posts = {
            role: Post.objects.create(
                discussion=discussion, author=user, body="Mon avis.", body_html="<p>Mon avis.</p>"
            )
            for role, user in people.items()
            if user is not None
        }
        # A reply after everyone's post, so that each « own post » has a follower.
        Post.objects.create(discussion=discussion, author=people["member"], body="Suite.")
        self.hidden_post = Post.objects.create(
            discussion=discussion,
            author=people["member"],
            body="Insulte.",
            state=Post.State.HIDDEN,
            hidden_reason="Propos insultants",
        )
        self.hidden_discussion = Discussion.objects.create(
            group=group, title="Masquée", author=people["member"], is_hidden=True
        )
        now = timezone.now()
        self.open_consultation = self._consultation("Ouverte", closes_at=None, closed_at=None)
        self.closed_consultation = self._consultation(
            "Close", closes_at=now - timezone.timedelta(days=1), closed_at=None
        )
        Report.objects.create(reporter=people["non_member"], post=self.opening, reason="spam")

    def _consultation(self, title, **dates):
        discussion = Discussion.objects.create(
            group=self.group, title=title, author=self.people["communication"]
        )
        return Consultation.objects.create(
            discussion=discussion, opened_by=self.people["communication"], **dates
        )

    def own(self, user):
        return self.posts[self._role(user)] if user.is_authenticated else self.opening

    def foreign(self, user):
        mine = self._role(user) if user.is_authenticated else None
        role = "member" if mine != "member" else "animator"
        return self.posts[role]

    def _role(self, user):
        return next(r for r, u in self.people.items() if u is not None and u.pk == user.pk)

    def membership(self, role):
        return Membership.objects.select_related("group").get(
            group=self.group, user=self.people[role]
        )


@pytest.fixture
def stage(people, group, discussion, mobilite, beauvais):
    owner = make_member(first_name="Paul", last_name="Publicitaire", commune=beauvais)
    hidden = make_group(
        user=owner,
        name="Groupe masqué",
        description="Publicité.",
        territory=beauvais,
    )
    moderation.hide_group(user=people["moderator"], group=hidden, reason="Publicité")
    hidden.refresh_from_db()
    return Stage(people, group, discussion, hidden)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_the_matrix_says(stage, role, action):
    allowed, predicate = MATRIX[action]
    user = fresh(stage.people[role]) or AnonymousUser()
    assert predicate(user, stage) is (role in allowed), f"{role} × {action}"


# The moderation queue and its log in the Wagtail admin: they open exactly to « see_moderation_queue ».
ADMIN_PAGES = ["/admin/moderation/", "/admin/moderation/journal/"]


@pytest.mark.parametrize("address", ADMIN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_the_moderation_pages_exactly_as_the_matrix_says(
    client, people, role, address
):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(address)
    allowed = role in MATRIX["see_moderation_queue"][0]
    assert (response.status_code == 200) is allowed, f"{role} × {address}"
    assert response.status_code in (200, 302, 403)


def test_an_elected_official_of_the_intercommunality_may_consult_in_a_creil_group(
    people, group, creil_sud_oise, creil
):
    president = verified_elected(
        first_name="Paul",
        last_name="President",
        commune=creil,
        mandate=creil_sud_oise,
        office="president_epci",
        moderator=people["moderator"],
    )
    assert rules.can_open_consultation(president, group)


def test_a_mayor_may_not_consult_in_a_group_about_the_whole_departement(people, oise, mobilite):
    whole = make_group(
        user=people["member"],
        name="Routes de l'Oise",
        description="Les routes départementales.",
        territory=oise,
    )
    assert not rules.can_open_consultation(fresh(people["elected_here"]), whole)
    assert rules.can_open_consultation(fresh(people["communication"]), whole)


def test_the_last_animator_cannot_leave_until_another_is_named(people, group):
    animator = fresh(people["animator"])
    assert not rules.can_leave_group(animator, group)
    groups.name_animator(
        user=animator, membership=Membership.objects.get(group=group, user=people["member"])
    )
    assert rules.can_leave_group(fresh(people["animator"]), group)


def test_a_suspended_member_cannot_post_through_the_services_either(people, group, discussion):
    with pytest.raises(PermissionDenied):
        discussions.reply(user=fresh(people["suspended"]), discussion=discussion, body="Encore moi")


# When staff require a level above a confirmed address (civic.identity), only the roles that
# have it post and create groups: here the verified elected officials (and superusers).
LEVELLED = {
    "create_group": {"elected_here", "elected_elsewhere", "superuser"},
    "start_discussion": {"elected_here", "superuser"},
    "reply": {"elected_here", "superuser"},
}


@pytest.mark.parametrize("requirement", ["certified", "verified"])
@pytest.mark.parametrize("action", sorted(LEVELLED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_posts_and_creates_groups_only_with_the_level_staff_require(
    stage, role, action, requirement
):
    from civic.territories.settings import CivicSettings

    settings = CivicSettings.current()
    settings.required_levels = {"post": requirement, "create_group": requirement}
    settings.save()
    user = fresh(stage.people[role]) or AnonymousUser()
    assert MATRIX[action][1](user, stage) is (role in LEVELLED[action]), f"{role} × {action}"
