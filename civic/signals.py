from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="civic_ensure_profile")
def ensure_profile_on_user_creation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from civic.services.profiles import ensure_profile

        ensure_profile(instance)
