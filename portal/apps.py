from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portail")

    def ready(self):
        # Imported once the models are loaded: these modules use them (Django's app loading).
        from portal.search.sources import register_portal_sources

        register_portal_sources()

        from portal.page_cache import connect_signals

        connect_signals()
