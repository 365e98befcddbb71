"""What the agenda needs from the site that hosts it, without importing it.

`agenda` never imports `portal`; the portal registers its answers when it starts
(portal/apps.py). Without them the agenda works on its own, under the site's name.
"""

from django.conf import settings

_providers = {}


def register(*, council_name=None, council_changed_at=None):
    """council_name(request) -> str: who « the council » is, as an organiser of events.
    council_changed_at(request) -> datetime or None: when that name last may have changed."""
    if council_name is not None:
        _providers["council_name"] = council_name
    if council_changed_at is not None:
        _providers["council_changed_at"] = council_changed_at


def council_name(request=None):
    provider = _providers.get("council_name")
    name = provider(request) if provider else ""
    return name or settings.WAGTAIL_SITE_NAME


def council_changed_at(request=None):
    provider = _providers.get("council_changed_at")
    return provider(request) if provider else None
