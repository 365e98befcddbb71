"""What the portal tells civic and agenda about the site: its territory and its charter."""

from wagtail.models import Site

from portal.models import PortalSettings


def portal_settings(request=None):
    if request is not None:
        return PortalSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None


def root_territory(request=None):
    """The portal's territory (e.g. the département), or None for the whole of France."""
    settings = portal_settings(request)
    return settings.territory if settings and settings.territory_id else None


def charter_url(request=None):
    settings = portal_settings(request)
    page = getattr(settings, "charter_page", None) if settings else None
    return page.url if page is not None and page.live else ""
