"""Photos sent with a street report form that was never completed: deleted after a day.

Run it daily from cron, beside send_digests: `manage.py purge_report_uploads`.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from civic.reports.photos import PENDING_DIR, PENDING_MAX_AGE


class Command(BaseCommand):
    help = "Supprime les photos de signalements jamais envoyés (plus d'un jour)."

    def handle(self, *args, **options):
        limit = timezone.now() - timedelta(seconds=PENDING_MAX_AGE)
        try:
            _dirs, files = default_storage.listdir(PENDING_DIR)
        except FileNotFoundError:
            files = []
        removed = 0
        for name in files:
            path = f"{PENDING_DIR}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        self.stdout.write(f"{removed} photo(s) en attente supprimée(s).")
