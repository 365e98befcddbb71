from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = _("Vie civique")

    def ready(self):
        # Receivers connect when their module is imported, which must wait for the models
        # (Django's app loading: these modules import them).
        from civic import signals  # noqa: F401
        from civic.dialogue import signals as dialogue_signals  # noqa: F401
        from civic.identity import signals as identity_signals  # noqa: F401
        from civic.people import security  # noqa: F401
        from civic.reports import signals as reports_signals  # noqa: F401
