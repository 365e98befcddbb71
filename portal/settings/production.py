"""Production: everything from the environment, secure defaults from base, nothing relaxed."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off with the production settings.")
