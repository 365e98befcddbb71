"""A commune's feed can read its events from the commune index alone (PostgreSQL's covering index).

At département scale a town's events are scattered over nearly every page of the events table:
reading them from the index instead is what keeps a commune's feed cheap. PostgreSQL does so
only while the index carries every column the feed's statement reads of the events: should the
feed come to read one more, this test fails.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="covering indexes are PostgreSQL's"
)


def _feed_statement(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/agenda/ical/", params)
    assert response.status_code == 200
    (statement,) = [q["sql"] for q in queries.captured_queries if "agenda_veventtext" in q["sql"]]
    return statement


def _index_columns(name):
    """The index's columns, its INCLUDE ones too, as Django's introspection reads them."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "agenda_event")
    return set(constraints[name]["columns"])


def test_a_communes_feed_reads_only_columns_the_commune_index_carries(
    client, association, make_event, creil
):
    make_event(association, "Concert au parc")
    statement = _feed_statement(client, {"territory": creil.pk})
    read = set(re.findall(r'"agenda_event"\."(\w+)"', statement))
    assert {"commune_id", "status", "organiser_kind", "updated_at"} <= read
    assert read <= _index_columns("event_commune_feed")


def test_a_filter_on_another_column_is_seen_reading_outside_the_index(
    client, association, make_event, creil
):
    # The check above can fail: « gratuit » reads columns the index does not carry (whether the
    # event is free, and its origin: an imported event without a price is not said to be free).
    make_event(association, "Concert au parc", is_free=True)
    statement = _feed_statement(client, {"territory": creil.pk, "free": "on"})
    read = set(re.findall(r'"agenda_event"\."(\w+)"', statement))
    assert read - _index_columns("event_commune_feed") == {"is_free", "origin"}
