"""A commune's feed reads its events from the commune index alone (PostgreSQL's covering index).

At département scale a town's events are scattered over nearly every page of the events table:
reading them from the index instead is what keeps a commune's feed cheap. Should the feed come
to read a column the index does not carry, PostgreSQL could only use the index to find rows and
would read each row again: this test then fails.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="covering indexes are PostgreSQL's"
)


def _feed_statement(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    (statement,) = [q["sql"] for q in queries.captured_queries if "agenda_veventtext" in q["sql"]]
    return statement


def _plan(statement):
    with transaction.atomic(), connection.cursor() as cursor:
        # With the table's own scans ruled out, the plan shows how the index is used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {statement}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_communes_feed_reads_its_events_from_the_index_alone(
    client, association, make_event, creil
):
    make_event(association, "Concert au parc")
    statement = _feed_statement(client, "/agenda/ical/", {"territory": creil.pk})
    assert "Index Only Scan using event_commune_feed" in _plan(statement)
