"""Accent- and case-insensitive word matching, the same on SQLite and PostgreSQL.

Every searched model keeps an accent-free copy of its text (`search_text`, written by
civic.text.normalize when the row is saved), indexed by trigrams on PostgreSQL: search compares
the query's normalized words with that column, and never folds accents in SQL row by row.
"""

from civic.text import normalize


def query_words(query):
    return normalize(query).split()


def filter_normalized_words(queryset, query, field):
    """Items whose `field`, already written by civic.text.normalize, holds every word of `query`."""
    words = query_words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
