"""People and places of the dialogue tests: a group in Creil with one person per role."""

import pytest
from dialogue_helpers import verified_elected
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_group, make_member

from civic.dialogue.models.groups import Membership, Theme
from civic.dialogue.services import discussions, groups


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: each test starts from an empty one."""

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mobilite(db):
    return Theme.objects.get(slug="mobilite")


@pytest.fixture
def creil_sud_oise(creil):
    return creil.ancestors().get(kind="epci")


@pytest.fixture
def people(db, beauvais, creil, oise):
    """Users keyed by role, around the group « Vélo à Creil » (None: the anonymous visitor)."""

    moderator = make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )
    animator = make_member(first_name="Anne", last_name="Animatrice", commune=creil)
    member = make_member(first_name="Marc", last_name="Membre", commune=creil)
    suspended = make_member(first_name="Sam", last_name="Suspendu", commune=creil)
    non_member = make_member(first_name="Nina", last_name="Passante", commune=beauvais)
    unconfirmed = make_member(
        first_name="Ulysse", last_name="Nonconfirme", commune=creil, confirmed=False
    )
    communication = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    elected_here = verified_elected(
        first_name="Jean", last_name="Maire", commune=creil, mandate=creil, moderator=moderator
    )
    beauvais_mayor = verified_elected(
        first_name="Bea",
        last_name="Vaisienne",
        commune=beauvais,
        mandate=beauvais,
        moderator=moderator,
    )
    superuser = User.objects.create_superuser("root", "root@exemple.fr", "un-mot-de-passe-long")
    return {
        "anonymous": None,
        "unconfirmed": unconfirmed,
        "non_member": non_member,
        "member": member,
        "animator": animator,
        "suspended": suspended,
        "moderator": moderator,
        "communication": communication,
        "elected_here": elected_here,
        "elected_elsewhere": beauvais_mayor,
        "superuser": superuser,
    }


@pytest.fixture
def group(people, creil, mobilite):
    """« Vélo à Creil », open, animated by Anne; Marc and Sam are members, Sam suspended."""
    group = make_group(
        user=people["animator"],
        description="Pour circuler à **vélo** en sécurité à Creil.",
        territory=creil,
        rules_text="Restez courtois.",
    )
    for role in ("member", "suspended", "elected_here"):
        groups.join_group(user=people[role], group=group)
    Membership.objects.filter(group=group, user=people["suspended"]).update(
        status=Membership.Status.SUSPENDED
    )
    return group


@pytest.fixture
def discussion(group, people):
    return discussions.start_discussion(
        user=people["member"],
        group=group,
        title="Une piste cyclable rue de la République ?",
        body="La rue est dangereuse aux heures de pointe.",
    )


@pytest.fixture
def layout_queries(client):
    """Queries the site's layout costs on any page (session, user, site, settings, menus…).

    Measured on a page that renders the layout and nothing else (an invalid unsubscribe link),
    for whoever the client is logged in as: the dialogue's own counts are asserted on top, so
    that they hold whatever the portal's layout asks for.
    """

    def count():
        client.get("/groupes/desabonnement/lien-invalide/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/groupes/desabonnement/lien-invalide/")
        return len(queries.captured_queries)

    return count
