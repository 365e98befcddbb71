from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from agenda import feed_names, privacy  # noqa: F401 (privacy connects its receiver)
        from civic.services.profiles import register_export

        register_export(export_events)
        feed_names.connect_signals()


def export_events(user):
    """A person's share of « Mes données »: the events they proposed or organise."""
    from agenda.models import Event

    events = Event.objects.editable_by(user).select_related("category", "commune")
    return {
        "evenements": [
            {
                "titre": event.title,
                "etat": event.status,
                "debut": event.starts_at.isoformat(),
                "fin": event.ends_at.isoformat(),
                "recurrence": event.rrule,
                "lieu": event.location_text,
                "categorie": event.category.name if event.category else None,
                "uid": event.uid,
                "cree_le": event.created_at.isoformat(),
            }
            for event in events.order_by("starts_at", "pk")
        ]
    }
