"""People of the portal, one per role of the permission matrix."""

import pytest
from factories import make_member

from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


@pytest.fixture
def member_factory(db):
    return make_member


@pytest.fixture
def moderator(db, beauvais):
    return make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )


@pytest.fixture
def association_identity(oise):
    return {
        "organisation_name": "Les Amis du Marais de Sacy",
        "rna": "W601000123",
        "siren": "",
        "purpose": "Protéger et faire connaître le marais de Sacy.",
        "website": "https://marais-sacy.example.fr",
        "action_territory": oise,
    }


@pytest.fixture
def roles(db, beauvais, creil, moderator, association_identity):
    """Users keyed by role name; None is the anonymous visitor."""
    unconfirmed = make_member(
        first_name="Ulysse", last_name="Nonconfirme", commune=beauvais, confirmed=False
    )
    citizen = make_member(first_name="Camille", last_name="Durand", commune=beauvais)
    pending_association = make_member(first_name="Paul", last_name="Marais", commune=creil)
    request_verification(
        profile=pending_association.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity=association_identity,
    )
    verified_association = make_member(first_name="Inès", last_name="Bénévole", commune=creil)
    request_verification(
        profile=verified_association.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={**association_identity, "organisation_name": "Creil Solidarité"},
    )
    decide_verification(
        profile=verified_association.profile, moderator=moderator, approve=True, reason=""
    )
    verified_elected = make_member(first_name="Jean", last_name="Maire", commune=creil)
    request_verification(
        profile=verified_elected.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": "maire", "mandate_territory": creil, "mandate_start": "2020-07-04"},
    )
    decide_verification(
        profile=verified_elected.profile, moderator=moderator, approve=True, reason=""
    )
    communication = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    users = {
        "anonymous": None,
        "unconfirmed": unconfirmed,
        "citizen": citizen,
        "pending_association": pending_association,
        "verified_association": verified_association,
        "verified_elected": verified_elected,
        "moderator": moderator,
        "communication": communication,
    }
    for user in users.values():
        if user is not None:
            user.refresh_from_db()
    return users
