"""`manage.py purge_personal_logs`: delete logs holding personal data once a year old.

Run it daily from cron or a systemd timer. It deletes django-axes' sign-in logs (address,
browser, identifier typed) older than `--days`; the agenda's command of the same name, which
Django runs instead of this one, also strips the names from event histories that old.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civic.people.privacy import DEFAULT_RETENTION_DAYS, purge_personal_logs


class Command(BaseCommand):
    help = _(
        "Supprime les journaux contenant des données personnelles au-delà de leur durée de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_RETENTION_DAYS,
            help=_("Durée de conservation en jours (365 par défaut)."),
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError(_("--days doit être un nombre de jours positif."))
        for label, count in self.purge(days).items():
            self.stdout.write(f"{label}: {count}")

    def purge(self, days):
        """How many records of each kind were deleted or anonymised."""
        return purge_personal_logs(days=days)
