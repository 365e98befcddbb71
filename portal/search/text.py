"""Accent- and case-insensitive word matching, the same on SQLite and PostgreSQL.

Every searched model keeps an accent-free copy of its text (`search_text`, written by
civic.common.text.normalize when the row is saved), indexed by trigrams on PostgreSQL: search compares
the query's normalized words with that column, and never folds accents in SQL row by row.
"""

from civic.common.text import normalize, with_words


def filter_normalized_words(queryset, query, field):
    """Items whose `field`, already written by civic.common.text.normalize, holds every word of `query`;
    nothing for a query without words (a search, unlike a filter, has nothing to show then)."""
    if not normalize(query).split():
        return queryset.none()
    return with_words(queryset, query, field)
