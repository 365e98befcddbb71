"""Accent- and case-insensitive matching in SQL, the same on SQLite and PostgreSQL.

For models without a search index or a normalized copy of their text: the column is lowered
and its French accents replaced, then compared with the normalized words of the query.
"""

from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Lower, Replace

from civic.text import normalize

# What civic.text.normalize does in Python, for the letters French uses.
_REPLACEMENTS = [
    ("à", "a"), ("â", "a"), ("ä", "a"), ("ç", "c"), ("é", "e"), ("è", "e"), ("ê", "e"),
    ("ë", "e"), ("î", "i"), ("ï", "i"), ("ô", "o"), ("ö", "o"), ("ù", "u"), ("û", "u"),
    ("ü", "u"), ("ÿ", "y"), ("œ", "oe"), ("æ", "ae"), ("-", " "), ("'", " "), ("\u2019", " "),
]  # fmt: skip


def unaccented(expression):
    result = Lower(Cast(expression, output_field=TextField()))
    for accented, plain in _REPLACEMENTS:
        result = Replace(result, Value(accented), Value(plain), output_field=TextField())
    return result


def query_words(query):
    return normalize(query).split()


def filter_normalized_words(queryset, query, field):
    """Items whose `field`, already written by civic.text.normalize, holds every word of `query`:
    no accent folding in SQL (it cannot change such a column and costs a pass over every row)."""
    words = query_words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def filter_words(queryset, query, *fields):
    """Items where every word of `query` appears in one of `fields`, accents and case aside."""
    words = query_words(query)
    if not words:
        return queryset.none()
    names = []
    for number, field in enumerate(fields):
        name = f"_plain_{number}"
        queryset = queryset.alias(**{name: unaccented(field)})
        names.append(name)
    for word in words:
        matches = Q()
        for name in names:
            matches |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(matches)
    return queryset
