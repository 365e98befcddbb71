"""What the agenda needs from the site that hosts it, without importing it.

`agenda` never imports `portal`; the portal registers its answers when it starts
(portal/apps.py). Without them the agenda works on its own, under the site's name.
"""

from django.conf import settings

_providers = {}


def register(*, council_name=None):
    """council_name(request) -> str: who « the council » is, as an organiser of events."""
    if council_name is not None:
        _providers["council_name"] = council_name


def council_name(request=None):
    provider = _providers.get("council_name")
    name = provider(request) if provider else ""
    return name or settings.WAGTAIL_SITE_NAME
