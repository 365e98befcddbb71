"""`manage.py purge_personal_logs`, with the agenda's share: civic's command (sign-in logs), and
the names stripped from event histories older than `--days`, and visitors' registrations
30 days after their date (AGENDA_REGISTRATION_RETENTION_DAYS). Django runs this one instead of
civic's, since agenda comes before civic in INSTALLED_APPS."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agenda.models import EventChangeLog, Registration
from agenda.privacy import forget_change_authors, purge_registrations
from civic.management.commands import purge_personal_logs


class Command(purge_personal_logs.Command):
    @transaction.atomic
    def purge(self, days):
        counts = super().purge(days)
        before = timezone.now() - timedelta(days=days)
        counts[EventChangeLog._meta.label] = forget_change_authors(before=before)
        counts[Registration._meta.label] = purge_registrations()
        return counts
