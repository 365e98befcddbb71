"""Sessions that name their account, so that all of a person's sessions can be found and ended."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberSession(AbstractBaseSession):
    # The signed-in account's primary key as the session holds it; empty for visitors.
    account_key = models.CharField(_("compte"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The configured engine (civic.people.sessions), found as Django's SessionMiddleware finds it.
        return import_module(settings.SESSION_ENGINE).SessionStore
