"""Settings of `make bench`: production's, plus the benchmark app (its commands, its ceiling
page) and the demo its seeder starts from.

Never used by the image: the Dockerfile's settings are portal.settings.production.
"""

from portal.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "demo", "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
