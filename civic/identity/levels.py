"""Levels of trust in who speaks, and the actions staff may reserve to a level.

A profile's level is the strongest check its identity went through: a confirmed email address
(declared), FranceConnect (certified by the State), or staff verifying an association or an
elected official's mandate (the strongest: it satisfies any requirement).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustLevel(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Adresse non confirmée")
    DECLARED = "declared", _("Identité déclarée")
    CERTIFIED = "certified", _("Identité certifiée FranceConnect")
    ASSOCIATION = "association", _("Association vérifiée")
    ELECTED = "elected", _("Élu·e vérifié·e")


class IdentitySource(models.TextChoices):
    DECLARED = "declared", _("Déclarée par la personne")
    FRANCECONNECT = "franceconnect", _("Certifiée par FranceConnect")


RANK = {
    TrustLevel.UNCONFIRMED: 0,
    TrustLevel.DECLARED: 1,
    TrustLevel.CERTIFIED: 2,
    TrustLevel.ASSOCIATION: 3,
    TrustLevel.ELECTED: 3,
}

# What each badge's tooltip and the levels page say, in plain French.
EXPLANATIONS = {
    TrustLevel.UNCONFIRMED: _(
        "Cette personne s'est inscrite mais n'a pas encore confirmé son adresse électronique."
    ),
    TrustLevel.DECLARED: _(
        "Cette personne a confirmé son adresse électronique. Son nom est celui qu'elle a "
        "déclaré : personne ne l'a vérifié."
    ),
    TrustLevel.CERTIFIED: _(
        "Le prénom et le nom de cette personne viennent de FranceConnect : l'État a vérifié "
        "son identité (impôts, Assurance maladie, La Poste…)."
    ),
    TrustLevel.ASSOCIATION: _(
        "L'équipe du portail a vérifié que ce compte représente bien cette association "
        "(numéro RNA ou SIREN)."
    ),
    TrustLevel.ELECTED: _(
        "L'équipe du portail a vérifié le mandat de cet·te élu·e : il ou elle s'exprime à ce titre."
    ),
}

HOW_TO_REACH = {
    TrustLevel.DECLARED: _(
        "Confirmez votre adresse électronique avec le lien reçu à l'inscription (Mon compte "
        "permet de le renvoyer)."
    ),
    TrustLevel.CERTIFIED: _(
        "Reliez votre compte à FranceConnect depuis Mon compte : vous vous identifiez avec un "
        "compte que vous avez déjà (impôts, Ameli, La Poste…), et votre identité est certifiée."
    ),
    TrustLevel.ASSOCIATION: _(
        "Demandez un profil vérifié depuis Mon compte (association ou élu·e) : l'équipe du "
        "portail vérifie la demande."
    ),
}


class Requirement(models.TextChoices):
    """The least level an action may require."""

    DECLARED = "declared", _("Identité déclarée (adresse confirmée) — par défaut")
    CERTIFIED = "certified", _("Identité certifiée FranceConnect, ou profil vérifié par l'équipe")
    VERIFIED = "verified", _("Association ou élu·e vérifié·e par l'équipe")


REQUIREMENT_RANK = {Requirement.DECLARED: 1, Requirement.CERTIFIED: 2, Requirement.VERIFIED: 3}

# The level to reach for each requirement (the explanation's « how to »).
REQUIREMENT_TARGET = {
    Requirement.DECLARED: TrustLevel.DECLARED,
    Requirement.CERTIFIED: TrustLevel.CERTIFIED,
    Requirement.VERIFIED: TrustLevel.ASSOCIATION,
}


class Action(models.TextChoices):
    """Actions staff may reserve to a level. Features not built yet read their entry through
    civic.identity.permissions.has_required_level when they come."""

    POST = "post", _("Écrire dans un groupe (discussions et réponses)")
    CREATE_GROUP = "create_group", _("Créer un groupe")
    REGISTER_EVENT = "register_event", _("S'inscrire à un événement")
    SUPPORT_PROPOSAL = "support_proposal", _("Soutenir une proposition")
    SIGN_PETITION = "sign_petition", _("Signer une pétition")


def level_of(*, kind: str, status: str, identity_source: str, email_confirmed: bool) -> str:
    """The level a profile's fields amount to (civic.people.models.Profile.save stores it)."""
    if status == "verified" and kind == "association":
        return TrustLevel.ASSOCIATION
    if status == "verified" and kind == "elected":
        return TrustLevel.ELECTED
    if identity_source == IdentitySource.FRANCECONNECT:
        return TrustLevel.CERTIFIED
    return TrustLevel.DECLARED if email_confirmed else TrustLevel.UNCONFIRMED


def satisfies(level: str, requirement: str) -> bool:
    return RANK[TrustLevel(level)] >= REQUIREMENT_RANK[Requirement(requirement)]
