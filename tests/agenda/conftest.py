"""People and events of the agenda's tests.

`roles` gives one user per role of the permission matrix (as in tests/people), plus a second
verified association, `other_association`, for « own event » versus « someone else's ».
`make_event(...)` creates an event through the services, published by a verified association
unless told otherwise.
"""

from datetime import timedelta

import pytest
from agenda_factories import at, verified_association
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from factories import make_member

from agenda.models import Event, EventCategory
from agenda.services.events import create_event
from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification


@pytest.fixture
def moderator(db, beauvais):
    return make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )


@pytest.fixture
def roles(db, beauvais, creil, moderator, oise):
    unconfirmed = make_member(
        first_name="Ulysse", last_name="Nonconfirme", commune=beauvais, confirmed=False
    )
    citizen = make_member(first_name="Camille", last_name="Durand", commune=beauvais)
    pending = make_member(first_name="Paul", last_name="Marais", commune=creil)
    request_verification(
        profile=pending.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={"organisation_name": "Les Amis du Marais", "rna": "W601000123", "purpose": "x"},
    )
    association = verified_association(
        "Creil Solidarité", commune=creil, moderator=moderator, email="ines@creil-solidarite.fr"
    )
    elected = make_member(first_name="Jean", last_name="Maire", commune=creil)
    request_verification(
        profile=elected.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": "maire", "mandate_territory": creil, "mandate_start": "2020-07-04"},
    )
    decide_verification(profile=elected.profile, moderator=moderator, approve=True, reason="")
    communication = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    users = {
        "anonymous": None,
        "unconfirmed": unconfirmed,
        "citizen": citizen,
        "pending_association": pending,
        "verified_association": association,
        "verified_elected": elected,
        "moderator": moderator,
        "communication": communication,
    }
    for user in users.values():
        if user is not None:
            user.refresh_from_db()
    return users


@pytest.fixture
def association(roles):
    return roles["verified_association"]


@pytest.fixture
def other_association(db, beauvais, moderator):
    return verified_association(
        "Beauvais en Fête", commune=beauvais, moderator=moderator, email="fete@beauvais.fr"
    )


@pytest.fixture
def category(db):
    return EventCategory.objects.get(slug="concert")


@pytest.fixture
def make_event(db, creil):
    def make(author, title="Concert de printemps", *, days=3, hours=2, submit=True, **fields):
        fields.setdefault("category", EventCategory.objects.get(slug="concert"))
        fields.setdefault("commune", creil)
        fields.setdefault("starts_at", at(days))
        fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=hours))
        return create_event(author=author, title=title, submit=submit, **fields)

    return make


@pytest.fixture
def published(make_event, association):
    return make_event(association)


def public_events():
    return Event.objects.public()


@pytest.fixture
def layout_queries(db, rf):
    """How many queries the site's layout (templates/base.html) runs for an anonymous visitor.

    The layout belongs to the portal and changes with it; the agenda's tests add their own,
    listed, queries to it.
    """

    def count():
        request = rf.get("/agenda/")
        request.user = AnonymousUser()
        request.session = {}
        with CaptureQueriesContext(connection) as queries:
            render_to_string("base.html", {}, request=request)
        return len(queries)

    count()  # caches warmed, as after a first page
    return count()
