from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portail")

    def ready(self):
        # Imported once the models are loaded: these modules use them (Django's app loading).
        from agenda import integration as agenda_integration
        from portal import integration as portal_integration

        agenda_integration.register(
            council_name=lambda request: getattr(
                portal_integration.portal_settings(request), "authority_name", ""
            ),
            council_changed_at=lambda request: getattr(
                portal_integration.portal_settings(request), "updated_at", None
            ),
        )

        from portal.search.sources import register_portal_sources

        register_portal_sources()

        from portal.page_cache import connect_signals

        connect_signals()
