"""On PostgreSQL, a statement run often is prepared, except one matching words: its plan must be
made for the words searched (a common word and a rare one call for different plans)."""

import pytest
from django.db import connection

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
