"""People and places of the security tests: a portal of the Oise, a group in Creil with its
animator and a discussion, a verified association that publishes events."""

import pytest
from agenda_factories import verified_association
from factories import make_group, make_member

from civic.dialogue.services import discussions


@pytest.fixture(autouse=True)
def oise_portal(portal_territory):
    return portal_territory


@pytest.fixture
def moderator(db, beauvais):
    return make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )


@pytest.fixture
def member(db, creil):
    return make_member(first_name="Marc", last_name="Membre", commune=creil)


@pytest.fixture
def animator(db, creil):
    return make_member(first_name="Anne", last_name="Animatrice", commune=creil)


@pytest.fixture
def association(db, creil, moderator):
    return verified_association(
        "Creil Solidarité", commune=creil, moderator=moderator, email="ines@creil-solidarite.fr"
    )


@pytest.fixture
def group(animator, member, creil):
    """« Vélo à Creil », open, animated by Anne; Marc is a member."""
    group = make_group(
        user=animator,
        description="Pour circuler à vélo en sécurité à Creil.",
        territory=creil,
        rules_text="Restez courtois.",
        members=[member],
    )
    return group


@pytest.fixture
def discussion(group, member):
    return discussions.start_discussion(
        user=member,
        group=group,
        title="Une piste cyclable rue de la République ?",
        body="La rue est dangereuse aux heures de pointe.",
    )
