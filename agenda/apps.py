from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        # Receivers connect when their module is imported, which must wait for the models
        # (Django's app loading: agenda.privacy imports them).
        from agenda import privacy  # noqa: F401
