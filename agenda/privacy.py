"""The agenda's share of personal data: a person's events in « Mes données »; who changed an
event leaves its history with their account, and after the retention period
(agenda/management/commands/purge_personal_logs.py)."""

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from agenda.models import Event, EventChangeLog, Registration


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="agenda_forget_change_names")
def forget_change_names(sender, instance, **kwargs):
    """A deleted account's name leaves event histories; what changed and when stays."""
    EventChangeLog.objects.filter(user=instance).update(user_name="")


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="agenda_free_places")
def free_places(sender, instance, **kwargs):
    """A deleted account's places to come go to the people waiting (its registrations are then
    deleted with it)."""
    from agenda.services.registrations import cancel_future_registrations_of

    cancel_future_registrations_of(user=instance)


def purge_registrations(*, now=None):
    """Visitors' registrations 30 days after their date (AGENDA_REGISTRATION_RETENTION_DAYS),
    and unconfirmed ones after a week: `manage.py purge_personal_logs` runs it daily."""
    return Registration.objects.to_purge(now).delete()[0]


def forget_change_authors(*, before):
    """Strip who made event changes before `before`: the history stays for the organiser."""
    return (
        EventChangeLog.objects.filter(at__lt=before)
        .filter(Q(user__isnull=False) | ~Q(user_name=""))
        .update(user=None, user_name="")
    )


def events_data(user):
    """A person's share of « Mes données »: the events they proposed or organise, and their
    registrations (added by the
    project's URLconf, portal/urls.py)."""
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
        ],
        "inscriptions": [
            {
                "evenement": registration.event.title,
                "date": registration.date.isoformat(),
                "etat": registration.status,
                "nom": registration.name,
                "adresse": registration.email,
                "reponses": registration.answers,
                "present": registration.attended,
                "inscrit_le": registration.created_at.isoformat(),
            }
            for registration in Registration.objects.of_user(user)
            .select_related("event")
            .order_by("date", "pk")
        ],
    }
