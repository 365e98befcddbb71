"""A profile's level follows its account's confirmed addresses, whoever confirms them (allauth,
staff, the demo), and the required levels are read again once staff change them."""

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from civic.identity.permissions import REQUIRED_LEVELS_CACHE_KEY
from civic.people.models import Profile
from civic.territories.settings import CivicSettings


def refresh_email_confirmed(user):
    # The profile cached on the account object, when there is one, so that a later save through
    # it does not write back the old value.
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        return
    confirmed = EmailAddress.objects.filter(user=user, verified=True).exists()
    if profile.email_confirmed != confirmed:
        profile.email_confirmed = confirmed
        profile.save(update_fields=["email_confirmed"])


@receiver(post_save, sender=EmailAddress, dispatch_uid="civic_identity_email_saved")
def email_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_email_confirmed(instance.user)


@receiver(post_delete, sender=EmailAddress, dispatch_uid="civic_identity_email_deleted")
def email_deleted(sender, instance, **kwargs):
    refresh_email_confirmed(instance.user)


@receiver(post_save, sender=CivicSettings, dispatch_uid="civic_identity_settings_saved")
def settings_saved(sender, **kwargs):
    cache.delete(REQUIRED_LEVELS_CACHE_KEY)
