"""The registry of searchable kinds of content.

A source says how to find public items of one kind for a query and how to show them; the
results page asks every registered source, in order, and groups the answers by source.
"""

from collections.abc import Callable
from dataclasses import dataclass


def _always():
    return True


_SOURCES = {}


@dataclass(frozen=True)
class SearchSource:
    key: str  # in the URL: /recherche/?q=…&type=<key>
    label: str  # the group's heading: « Actualités »
    search: Callable  # search(request, query) -> a queryset (or Wagtail search results)
    template: str  # renders one result, given `item`
    order: int = 100
    # False when the app or model it needs is not installed: the source is then skipped.
    available: Callable = _always


def register(source):
    _SOURCES[source.key] = source
    return source


def sources():
    """Registered and available sources, in their display order."""
    return [s for s in sorted(_SOURCES.values(), key=lambda s: (s.order, s.key)) if s.available()]


def get_source(key):
    source = _SOURCES.get(key)
    return source if source is not None and source.available() else None
