from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from civic.people.services import ensure_profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="civic_ensure_profile")
def ensure_profile_on_user_creation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_profile(instance)


# Sent by services that change what visitors see without a model signal (update(), bulk_create()),
# so that whoever keeps rendered pages (the portal's page cache) can forget them.
content_changed = Signal()


def announce_content_changed(sender):
    content_changed.send(sender=sender)
