"""On PostgreSQL, a statement run often is prepared, except one matching words: its plan must be
made for the words searched (a common word and a rare one call for different plans)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civic.models import Territory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_lookup_run_often_is_prepared_but_a_match_on_words_never_is(creil):
    for _ in range(12):
        assert creil in Territory.objects.filter(search_name__contains="creil")
        assert Territory.objects.filter(pk=creil.pk).get() == creil

    statements = prepared_statements()
    assert any('WHERE "civic_territory"."id" = $1' in statement for statement in statements)
    assert not any("search_name" in statement and "LIKE" in statement for statement in statements)


def test_a_search_of_pages_matches_the_expression_an_index_holds(demo, client):
    words = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/recherche/", {"q": "conseil"}).status_code == 200
    # Wagtail's backend matches pages on this expression…
    assert any(words in query["sql"] for query in queries.captured_queries)

    # …which the index serves (a test's few entries would otherwise be read one by one).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            f"WHERE {words} to_tsquery('french', 'conseil')"
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "portal_search_entry_text_gin" in plan, plan
