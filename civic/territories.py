"""The territory a portal serves, read through a settings hook.

`civic` must not import `portal` (portal depends on civic, never the reverse), yet civic pages
are limited to the portal's territory (`PortalSettings.territory`, a Wagtail site setting).
So the portal tells civic how to find it: `settings.CIVIC_ROOT_TERRITORY_RESOLVER` is the dotted
path of a callable `resolver(request) -> Territory | None`. Unset or None: the whole of France.
"""

from django.conf import settings
from django.utils.module_loading import import_string

_REQUEST_CACHE = "_civic_root_territory"


def portal_root_territory(request):
    """The portal's root territory (a département, an EPCI, a commune…), or None for France.

    Asked once per request: the answer is kept on the request.
    """
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    resolver = getattr(settings, "CIVIC_ROOT_TERRITORY_RESOLVER", None)
    if isinstance(resolver, str):
        resolver = import_string(resolver)
    territory = resolver(request) if resolver else None
    if request is not None:
        setattr(request, _REQUEST_CACHE, territory)
    return territory
