"""People and places of the participation tests: Creil (Oise), one person per role."""

import pytest
from factories import make_member

from civic.dialogue.models.groups import Theme
from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


def verified_elected(*, first_name, last_name, commune, mandate, moderator):
    user = make_member(first_name=first_name, last_name=last_name, commune=commune)
    request_verification(
        profile=user.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": "maire", "mandate_territory": mandate, "mandate_start": "2020-07-04"},
    )
    decide_verification(profile=user.profile, moderator=moderator, approve=True, reason="")
    user.refresh_from_db()
    return user


@pytest.fixture
def mobilite(db):
    return Theme.objects.get(slug="mobilite")


@pytest.fixture
def people(db, beauvais, creil):
    """Users keyed by role around proposals made for Creil (None: the anonymous visitor)."""
    moderator = make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )
    staff = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    outsider = make_member(first_name="Nina", last_name="Beauvaisienne", commune=beauvais)
    resident = make_member(first_name="Marc", last_name="Creillois", commune=creil)
    author = make_member(first_name="Alice", last_name="Autrice", commune=creil)
    association = make_member(first_name="Ines", last_name="Asso", commune=creil)
    request_verification(
        profile=association.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={
            "organisation_name": "Creil Solidarité",
            "purpose": "Entraide",
            "action_territory": creil,
        },
    )
    decide_verification(profile=association.profile, moderator=moderator, approve=True, reason="")
    association.refresh_from_db()
    elected = verified_elected(
        first_name="Jean", last_name="Maire", commune=creil, mandate=creil, moderator=moderator
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "resident": resident,
        "author": author,
        "association": association,
        "elected": elected,
        "staff": staff,
        "moderator": moderator,
    }


@pytest.fixture
def residents(db, creil):
    """Three more people living in Creil."""
    return [
        make_member(first_name=name, last_name="Creil", commune=creil)
        for name in ("Paul", "Rose", "Yann")
    ]


@pytest.fixture
def proposal(people, creil, mobilite):
    from civic.participation import services

    return services.propose(
        user=people["author"],
        title="Un parking à vélos devant la gare",
        body="Les vélos sont attachés aux grilles faute de place.",
        theme=mobilite,
        territory=creil,
    )


@pytest.fixture
def rf_request(db):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request
