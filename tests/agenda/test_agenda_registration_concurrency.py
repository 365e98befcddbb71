"""Registrations under concurrency: 50 people confirming at once for 10 places.

The threads need to see committed rows, so this test commits its own data (outside the usual
rolled-back transaction, which `transaction=True` would replace by emptying every table, the
Oise with them) and deletes it at the end.
"""

import threading
from datetime import timedelta

import pytest
from agenda_factories import at
from django.db import connection, connections
from factories import make_member

from agenda.models import Registration
from agenda.services import registrations as services
from agenda.services.events import create_event
from civic.territories.models import Territory

PEOPLE = 50
PLACES = 10


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip(
                "SQLite serialises every write of the database: row locks (select_for_update) "
                "and concurrent registrations are PostgreSQL's to test."
            )
        creil = Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60175")
        staff = make_member(
            first_name="Léa",
            last_name="Concurrente",
            commune=creil,
            groups=["Communication"],
            email="lea.concurrente@exemple.fr",
        )
        event = create_event(
            author=staff,
            organiser_kind="council",
            title="Atelier très demandé",
            starts_at=at(5),
            ends_at=at(5) + timedelta(hours=2),
            commune=creil,
        )
        try:
            yield staff, event
        finally:
            event.delete()
            staff.delete()


def test_fifty_concurrent_registrations_for_ten_places_never_overbook(committed, django_db_blocker):
    staff, event = committed
    with django_db_blocker.unblock():
        services.open_registrations(event=event, editor=staff, capacity=PLACES)
        pending = [
            services.register_visitor(
                event=event, date=event.starts_at, name=f"Personne {i}", email=f"p{i}@exemple.fr"
            )
            for i in range(PEOPLE)
        ]
        start = threading.Barrier(PEOPLE)
        errors = []

        def confirm(registration):
            try:
                start.wait()
                services.confirm_registration(registration=registration)
            except Exception as error:  # reported below: the test expects none
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(r,)) for r in pending]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        registrations = Registration.objects.filter(event=event)
        assert registrations.holding_place().count() == PLACES
        assert registrations.waiting().count() == PEOPLE - PLACES


def test_following_the_confirmation_link_twice_keeps_one_place(db, published, association):
    # (Also makes pytest-django set up the test database when this file runs alone: the test
    # above commits its own rows and so asks for no `db`.)
    services.open_registrations(event=published, editor=association, capacity=1)
    registration = services.register_visitor(
        event=published, date=published.starts_at, name="Zoé", email="zoe@exemple.fr"
    )
    services.confirm_registration(registration=registration)
    services.confirm_registration(registration=registration)
    assert Registration.objects.holding_place().count() == 1
