"""Local development: plain HTTP on localhost, console emails, SQLite by default."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The demo data of `make run` (manage.py setup_demo): development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
