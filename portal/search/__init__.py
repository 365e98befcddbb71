"""One search across the portal: pages, news, events, groups, discussions and public profiles.

Each kind of result is a `SearchSource` in the registry (portal/search/registry.py). The
portal declares the sources of civic and agenda too (portal may import them, not the reverse),
each through that app's own public queryset, so hidden or unpublished content never shows.
"""
