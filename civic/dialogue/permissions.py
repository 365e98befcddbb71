"""Who may do what in groups and discussions: every decision of the dialogue, tested as a matrix.

Roles: anonymous, unconfirmed account, member or not of the group, animator, suspended member,
*Modération* staff (perm civic.moderate_content), *Communication* staff (perm
civic.open_consultation), verified elected official (for consultations in their own territory),
superuser. Predicates take the acting user first; memberships are looked up once per request and
kept on the user object.
"""

from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import Membership
from civic.identity.levels import Action
from civic.identity.permissions import has_required_level
from civic.people.models import Profile
from civic.people.permissions import can_participate, is_member
from civic.territories.models import Territory

MODERATE_CONTENT = "civic.moderate_content"
OPEN_CONSULTATION = "civic.open_consultation"

_MEMBERSHIPS = "_civic_memberships"
_MANDATES = "_civic_mandate_covers"


def participates(user):
    """A confirmed account; superusers (made with createsuperuser, often unconfirmed) too."""
    return can_participate(user) or (is_member(user) and user.is_superuser)


def _memberships(user):
    """{group pk: Membership or None}, kept on the user object for the request."""
    cache = getattr(user, _MEMBERSHIPS, None)
    if cache is None:
        cache = {}
        setattr(user, _MEMBERSHIPS, cache)
    return cache


def membership_of(user, group):
    """The user's Membership in `group` (any status), or None. Cached on the user."""
    if not is_member(user):
        return None
    cache = _memberships(user)
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.filter(user=user, group=group).first()
    return cache[group.pk]


def membership_loaded_with(user, discussion):
    """Record the membership `with_membership_of(user)` joined in (only on such a discussion)."""
    _memberships(user)[discussion.group_id] = getattr(discussion, "viewer_membership", None)


def forget_memberships(user):
    if user is not None and hasattr(user, _MEMBERSHIPS):
        delattr(user, _MEMBERSHIPS)


def is_moderator(user):
    """Staff of the *Modération* group, and superusers."""
    return is_member(user) and user.has_perm(MODERATE_CONTENT)


def speaks_for_council(user):
    """Staff who may open consultations and publish official answers (*Communication*)."""
    return is_member(user) and user.has_perm(OPEN_CONSULTATION)


def is_active_member(user, group):
    membership = membership_of(user, group)
    return membership is not None and membership.is_active


def is_animator(user, group):
    membership = membership_of(user, group)
    return membership is not None and membership.is_animator


def is_suspended(user, group):
    membership = membership_of(user, group)
    return membership is not None and membership.status == Membership.Status.SUSPENDED


# Groups.


def can_view_group(user, group):
    return not group.is_hidden or can_moderate_group(user, group)


def can_create_group(user):
    return participates(user) and has_required_level(user, Action.CREATE_GROUP)


def can_join_group(user, group):
    """Join an open group or ask to join one on request; a suspended member cannot come back."""
    if not participates(user) or group.is_hidden:
        return False
    return membership_of(user, group) is None


def can_leave_group(user, group):
    membership = membership_of(user, group)
    if membership is None or membership.status == Membership.Status.SUSPENDED:
        return False
    if membership.is_animator:
        # The last animator names a successor first: a group is never left without one.
        others = (
            Membership.objects.filter(
                group=group, role=Membership.Role.ANIMATOR, status=Membership.Status.ACTIVE
            )
            .exclude(user=user)
            .exists()
        )
        return others
    return True


def can_animate(user, group):
    """Pin discussions, edit the rules, name animators, accept requests."""
    if not is_member(user):
        return False
    return user.is_superuser or is_animator(user, group)


def can_set_notifications(user, group):
    return is_active_member(user, group)


# Posting.


def can_post_in_group(user, group):
    """Only members post (superusers too); a suspended member reads but no longer writes."""
    if not participates(user) or group.is_hidden:
        return False
    if user.is_superuser:
        return True
    return is_active_member(user, group) and has_required_level(user, Action.POST)


def can_start_discussion(user, group):
    return can_post_in_group(user, group)


def can_view_discussion(user, discussion):
    if not can_view_group(user, discussion.group):
        return False
    if discussion.is_hidden:
        return can_moderate_group(user, discussion.group)
    if not discussion.opening_approved:
        return discussion.author_id == getattr(user, "pk", None) or can_moderate_group(
            user, discussion.group
        )
    return True


def can_reply(user, discussion):
    if discussion.is_hidden or not discussion.opening_approved:
        return False
    consultation = _consultation(discussion)
    if consultation is not None:
        # A consultation's discussion is open to those it asks, group members or not.
        if not consultation.is_open:
            return False
        return can_post_in_group(user, discussion.group) or can_answer_poll(user, consultation)
    return can_post_in_group(user, discussion.group)


def _consultation(discussion):
    try:
        return discussion.consultation
    except discussion.__class__.consultation.RelatedObjectDoesNotExist:
        return None


def _is_author(user, post):
    return is_member(user) and post.author_id == user.pk


def can_edit_post(user, post):
    if not participates(user) or not _is_author(user, post):
        return False
    if post.deleted_by_author or post.state == Post.State.HIDDEN:
        return False
    return not is_suspended(user, post.discussion.group)


def can_delete_post(user, post):
    """Authors delete their own posts, suspended or not; hidden ones stay for the record."""
    if not _is_author(user, post):
        return False
    return not post.deleted_by_author and post.state != Post.State.HIDDEN


def can_recommend(user, post):
    """Any confirmed account may recommend someone else's readable post, once."""
    if not participates(user) or _is_author(user, post) or not post.is_readable:
        return False
    return not is_suspended(user, post.discussion.group)


def can_follow(user, other):
    return participates(user) and other is not None and other.pk != user.pk


def can_report_post(user, post):
    """Anyone signed in may report someone else's post."""
    return is_member(user) and not _is_author(user, post) and post.is_readable


def can_report_group(user, group):
    return is_member(user) and not group.is_hidden


# Moderation.


def can_moderate_group(user, group):
    """Dismiss reports, hide and restore posts, approve waiting posts: animators and staff."""
    return is_moderator(user) or (is_member(user) and is_animator(user, group))


def can_see_moderation_queue(user):
    """The Wagtail admin queue, all groups together."""
    return is_moderator(user)


def can_see_group_reports(user, group):
    return can_moderate_group(user, group)


def can_hide_post(user, post):
    return post.state != Post.State.HIDDEN and can_moderate_group(user, post.discussion.group)


def can_restore_post(user, post):
    return post.state == Post.State.HIDDEN and can_moderate_group(user, post.discussion.group)


def can_hide_group(user, group):
    return is_moderator(user) and not group.is_hidden


def can_restore_group(user, group):
    return is_moderator(user) and group.is_hidden


def can_suspend_member(user, membership):
    """Animators suspend members; staff moderators suspend anyone, animators included."""
    if membership.user_id == getattr(user, "pk", None):
        return False
    if membership.status == Membership.Status.SUSPENDED:
        return False
    if is_moderator(user):
        return True
    return is_animator(user, membership.group) and membership.role == Membership.Role.MEMBER


def can_reinstate_member(user, membership):
    return membership.status == Membership.Status.SUSPENDED and can_moderate_group(
        user, membership.group
    )


# Consultations.


def mandate_covers(user, territory):
    """A verified elected official whose mandate's territory contains `territory`."""
    if not is_member(user):
        return False
    profile = getattr(user, "profile", None)
    if (
        profile is None
        or profile.kind != Profile.Kind.ELECTED
        or not profile.is_verified
        or not profile.mandate_territory_id
    ):
        return False
    cache = getattr(user, _MANDATES, None)
    if cache is None:
        cache = {}
        setattr(user, _MANDATES, cache)
    if territory.pk not in cache:
        cache[territory.pk] = (
            Territory.objects.within(profile.mandate_territory_id).filter(pk=territory.pk).exists()
        )
    return cache[territory.pk]


def can_open_consultation(user, group):
    """Council staff, and verified elected officials in a group of their own territory."""
    if not participates(user) or group.is_hidden:
        return False
    return speaks_for_council(user) or mandate_covers(user, group.territory)


def can_manage_consultation(user, consultation):
    return can_open_consultation(user, consultation.discussion.group)


def can_close_consultation(user, consultation):
    return consultation.is_open and can_open_consultation(user, consultation.discussion.group)


def can_publish_official_answer(user, consultation):
    if consultation.is_open or has_official_answer(consultation):
        return False
    return can_open_consultation(user, consultation.discussion.group)


def has_official_answer(consultation):
    try:
        return consultation.official_answer is not None
    except consultation.__class__.official_answer.RelatedObjectDoesNotExist:
        return False


# Polls in consultations.

_HOMES = "_civic_home_within"


def lives_in(user, territory):
    """The person's home commune lies inside `territory` (closure table; cached on the user)."""
    if not is_member(user):
        return False
    profile = getattr(user, "profile", None)
    if profile is None or not profile.home_commune_id:
        return False
    cache = getattr(user, _HOMES, None)
    if cache is None:
        cache = {}
        setattr(user, _HOMES, cache)
    if territory.pk not in cache:
        cache[territory.pk] = (
            Territory.objects.within(territory).filter(pk=profile.home_commune_id).exists()
        )
    return cache[territory.pk]


def in_audience(user, consultation):
    """Whom the consultation asks: its group's members, a territory's residents, or anyone
    identified (a confirmed account); a member suspended from the group never answers."""
    if not participates(user):
        return False
    group = consultation.discussion.group
    if is_suspended(user, group):
        return False
    audience = consultation.Audience
    if consultation.audience == audience.IDENTIFIED:
        return True
    if consultation.audience == audience.TERRITORY:
        return lives_in(user, consultation.respondents_territory)
    return user.is_superuser or is_active_member(user, group)


def can_answer_poll(user, consultation):
    """Answer, or change one's answer: while the consultation is open, if it asks you."""
    discussion = consultation.discussion
    if discussion.is_hidden or discussion.group.is_hidden or not consultation.is_open:
        return False
    return in_audience(user, consultation)


def why_cannot_answer(user, consultation):
    """The French sentence that tells someone signed in why they may not answer, or ""."""
    from django.utils.translation import gettext as _

    if can_answer_poll(user, consultation):
        return ""
    if not consultation.is_open:
        return _("Cette consultation est close : elle ne reçoit plus de réponses.")
    if not participates(user):
        return _("Confirmez d'abord votre adresse électronique pour répondre.")
    if is_suspended(user, consultation.discussion.group):
        return _("Vous êtes suspendu·e de ce groupe : vous ne pouvez pas répondre.")
    if consultation.audience == consultation.Audience.TERRITORY:
        return _(
            "Cette consultation est réservée aux habitant·es de %(territory)s : la commune "
            "de votre profil n'en fait pas partie."
        ) % {"territory": consultation.respondents_territory.name}
    return _("Cette consultation est réservée aux membres du groupe : rejoignez-le d'abord.")


def can_edit_poll(user, consultation):
    """Questions, who may answer and when results show: council staff and the group's animators."""
    group = consultation.discussion.group
    return can_open_consultation(user, group) or (
        participates(user) and not group.is_hidden and can_animate(user, group)
    )


def can_see_live_results(user, consultation):
    """Results before they are published: everyone when staff chose live results, otherwise
    the people who run the consultation."""
    return consultation.live_results or can_edit_poll(user, consultation)


def can_see_results(user, consultation):
    return consultation.results_published or can_see_live_results(user, consultation)


def can_reopen_consultation(user, consultation):
    """Undo a closing, until the results are published."""
    if consultation.is_open or consultation.results_published:
        return False
    return can_open_consultation(user, consultation.discussion.group)


def can_publish_results(user, consultation):
    if consultation.is_open or consultation.results_published:
        return False
    return can_open_consultation(user, consultation.discussion.group)


def can_export_results(user, consultation):
    return can_open_consultation(user, consultation.discussion.group)


# Official answers, whatever their subject (civic.dialogue.models.answers.OfficialAnswerBase).


def speaks_on(user, territory):
    """Council staff anywhere, verified elected officials on their own territory."""
    return participates(user) and (speaks_for_council(user) or mandate_covers(user, territory))


def can_answer_discussion(user, discussion):
    """An official answer to a discussion that is not a consultation (those wait for closing)."""
    if discussion.is_hidden or discussion.group.is_hidden or _consultation(discussion):
        return False
    if has_discussion_answer(discussion):
        return False
    return speaks_on(user, discussion.group.territory)


def has_discussion_answer(discussion):
    try:
        return discussion.official_answer is not None
    except discussion.__class__.official_answer.RelatedObjectDoesNotExist:
        return False


def can_correct_official_answer(user, answer):
    """Correct the published text (the former one is kept), or add a follow-up update."""
    return answer is not None and speaks_on(user, answer.subject_territory())


def can_follow_up_answer(user, answer):
    return can_correct_official_answer(user, answer)
