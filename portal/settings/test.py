"""Test settings: fast hashing, in-memory email, plain HTTP test client."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-only-for-the-test-suite-0123456789abcdef")

from .base import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The demo data of `make run` (manage.py setup_demo): development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# The suite runs with the page cache on (one process, so the memory cache is shared): every test
# that changes content and reads a page again also checks that the cache forgot the old page.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)  # noqa: F405
