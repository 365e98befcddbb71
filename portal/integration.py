"""What the portal tells the agenda about the site: its settings, with the council's name."""

from wagtail.models import Site

from portal.models import PortalSettings


def portal_settings(request=None):
    if request is not None:
        return PortalSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None
