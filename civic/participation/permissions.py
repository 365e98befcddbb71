"""Who may do what with proposals and petitions: every decision of participation, tested as a matrix.

Roles: anonymous, citizen living outside the territory, citizen inside, association, elected
official, council staff (*Communication*: perm civic.open_consultation), moderator (*Modération*:
perm civic.moderate_content). A refusal that a person can understand has a French reason
(`support_refusal`, `sign_refusal`), shown on the page instead of the button.
"""

from django.utils.translation import gettext as _

from civic.dialogue.permissions import (
    is_moderator,
    mandate_covers,
    participates,
    speaks_for_council,
)
from civic.identity.levels import Action
from civic.identity.permissions import refusal as level_refusal
from civic.people.permissions import is_member
from civic.territories.models import Territory

_HOME_WITHIN = "_civic_home_within"


def home_commune_id(user):
    profile = getattr(user, "profile", None)
    return getattr(profile, "home_commune_id", None)


def lives_in(user, territory):
    """Whether the person's home commune lies in `territory` (closure table, cached per request)."""
    commune = home_commune_id(user)
    if commune is None:
        return False
    cache = getattr(user, _HOME_WITHIN, None)
    if cache is None:
        cache = {}
        setattr(user, _HOME_WITHIN, cache)
    if territory.pk not in cache:
        cache[territory.pk] = (
            commune == territory.pk
            or Territory.objects.within(territory).filter(pk=commune).exists()
        )
    return cache[territory.pk]


def can_manage(user, territory):
    """Council staff, and verified elected officials whose mandate covers the territory."""
    return participates(user) and (speaks_for_council(user) or mandate_covers(user, territory))


# Proposals.


def can_propose(user):
    return participates(user) and home_commune_id(user) is not None


def can_view_proposal(user, proposal):
    return not proposal.is_hidden or is_moderator(user) or _is_author(user, proposal)


def _is_author(user, item):
    return is_member(user) and item.author_id == user.pk


def _level_sentence(user, action):
    """Why the level staff require for `action` is not reached, and how to reach it; or None."""
    refused = level_refusal(user, action)
    if refused is None:
        return None
    return _(
        "Pour cette action, l'équipe du portail exige ce niveau d'identité : %(requirement)s. "
        "Le vôtre : %(level)s. %(how)s"
    ) % {
        "requirement": refused.requirement_label,
        "level": refused.level_label,
        "how": refused.how_to_reach,
    }


def support_refusal(user, proposal):
    """Why `user` cannot support `proposal` (a French sentence), or "" when they can."""
    if not is_member(user):
        return _("Connectez-vous pour soutenir cette proposition.")
    if not participates(user):
        return _("Confirmez votre adresse électronique pour soutenir cette proposition.")
    if (level := _level_sentence(user, Action.SUPPORT_PROPOSAL)) is not None:
        return level
    if not proposal.is_supportable:
        return _("Cette proposition ne recueille plus de soutiens : le conseil l'a prise en main.")
    if _is_author(user, proposal):
        return _("Vous êtes l'auteur·rice de cette proposition : votre soutien est acquis.")
    if home_commune_id(user) is None:
        return _(
            "Indiquez votre commune de résidence dans votre profil : seules les personnes qui "
            "habitent le territoire concerné peuvent soutenir."
        )
    if not lives_in(user, proposal.territory):
        return _(
            "Seules les personnes qui habitent %(territory)s peuvent soutenir cette proposition : "
            "votre commune de résidence n'en fait pas partie."
        ) % {"territory": proposal.territory.name}
    return ""


def can_support(user, proposal):
    return support_refusal(user, proposal) == ""


def can_follow_proposal(user, proposal):
    return participates(user) and not proposal.is_hidden


def can_comment(user, proposal):
    return participates(user) and not proposal.is_hidden


def can_update_status(user, proposal):
    return not proposal.is_hidden and can_manage(user, proposal.territory)


def can_set_thresholds(user):
    return participates(user) and speaks_for_council(user)


def can_see_council_queue(user):
    return can_set_thresholds(user)


def can_see_supporter_names(user):
    """Names of supporting citizens: never to anonymous visitors (as the directory)."""
    return is_member(user)


def can_report(user, item):
    """Anyone signed in reports someone else's proposal, comment or petition."""
    return is_member(user) and not item.is_hidden and getattr(item, "author_id", None) != user.pk


def can_moderate(user):
    return is_moderator(user)


# Petitions.


def can_open_petition(user):
    return participates(user)


def can_view_petition(user, petition):
    return not petition.is_hidden or is_moderator(user) or _is_author(user, petition)


def sign_refusal(user, petition, *, signed_this_quarter=False):
    """Why `user` cannot sign (a French sentence), or ""."""
    if not is_member(user):
        return _("Connectez-vous pour signer cette pétition.")
    if not participates(user):
        return _("Confirmez votre adresse électronique pour signer cette pétition.")
    if (level := _level_sentence(user, Action.SIGN_PETITION)) is not None:
        return level
    if not petition.is_open:
        return _("Cette pétition ne reçoit plus de signatures : la demande a été adressée.")
    if signed_this_quarter:
        return _(
            "Vous avez déjà signé une demande adressée à %(collectivity)s ce trimestre : la loi "
            "(article L1112-16 du CGCT) n'en permet qu'une par trimestre et par collectivité."
        ) % {"collectivity": petition.collectivity.name}
    return ""


def can_sign(user, petition, *, signed_this_quarter=False):
    return sign_refusal(user, petition, signed_this_quarter=signed_this_quarter) == ""


def can_enter_paper_signatures(user, petition):
    return petition.is_open and can_manage(user, petition.collectivity)


def can_set_electorate(user):
    return can_set_thresholds(user)


def can_record_follow_up(user, petition):
    """Acknowledgement, meeting, decision: once the request was sent."""
    return petition.was_sent and can_manage(user, petition.collectivity)


def can_see_signatures(user, petition):
    """The list of signers (names, birth dates) is for the council's check against the rolls."""
    return can_manage(user, petition.collectivity)
