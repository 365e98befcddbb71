from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = _("Vie civique")

    def ready(self):
        from civic import dialogue_signals, security, signals  # noqa: F401
