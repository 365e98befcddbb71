"""Settings of the live server the browser tests drive (started by tests/browser/conftest.py).

The test settings, with the database given by DATABASE_URL, emails written to files in
PARVIS_MAILBOX (the journeys read them there), and background tasks run at once.
"""

import os

from portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["PARVIS_MAILBOX"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = os.environ["PARVIS_MEDIA_ROOT"]
# One browser, one process: no pool of connections to keep.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
