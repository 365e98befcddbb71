"""Production: everything from the environment, secure defaults from base, nothing relaxed."""

from .base import *  # noqa: F403

if DEBUG:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be off with the production settings.")
