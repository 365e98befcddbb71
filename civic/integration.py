"""What civic needs from the site that hosts it, without importing it.

`civic` never imports `portal` (dependencies run portal → civic). The portal registers its
answers here when it starts (see portal/apps.py); without them civic works on its own: the
whole of France is the territory and there is no charter link.
"""

_providers = {}


def register(*, root_territory=None, charter_url=None, group_extras=None, remember=None):
    """Register callables: root_territory(request) -> Territory | None, charter_url(request) -> str.

    `remember(name, compute)` keeps what `compute()` returns until the content changes (the
    portal's cache); without it everything is computed each time.

    `group_extras(request, group) -> str` adds a section (safe HTML, with its own heading) to a
    group's page, e.g. the agenda's upcoming events of the group; several may be registered.
    """
    if root_territory is not None:
        _providers["root_territory"] = root_territory
    if charter_url is not None:
        _providers["charter_url"] = charter_url
    if remember is not None:
        _providers["remember"] = remember
    if group_extras is not None and group_extras not in _group_extras:
        _group_extras.append(group_extras)


_group_extras = []


def remember(name, compute):
    """`compute()`, possibly kept from an earlier request until the site's content changes."""
    provider = _providers.get("remember")
    return provider(name, compute) if provider else compute()


def group_extras(request, group):
    """The sections other apps add to a group's page, in registration order."""
    return [html for provider in _group_extras if (html := provider(request, group))]


_REQUEST_CACHE = "_civic_root_territory"


def root_territory(request=None):
    """The portal's territory (a département, an EPCI, a commune…), or None for all of France.

    Asked once per request: the answer is kept on the request.
    """
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    provider = _providers.get("root_territory")
    territory = provider(request) if provider else None
    if request is not None:
        setattr(request, _REQUEST_CACHE, territory)
    return territory


def charter_url(request=None):
    provider = _providers.get("charter_url")
    return provider(request) if provider else ""
