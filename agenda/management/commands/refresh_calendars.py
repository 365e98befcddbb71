"""`manage.py refresh_calendars`: keep subscribed calendars and recurring events up to date.

Run it from cron (every hour, say). It hands every subscription not read for
AGENDA_REFRESH_EVERY (6 hours by default) to the background worker, rolls the occurrences
of recurring events forward, and builds the feeds' VEVENT of any public event that has none or
a stale one (events written in bulk or outside the services; a feed would do it, once).
`--now` imports in the command itself, without a worker.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agenda.ical import refresh_stored_vevents
from agenda.services.imports import (
    due_sources,
    forget_failed_first_imports,
    queue_import,
    refresh_source,
)
from agenda.services.occurrences import extend_horizon


class Command(BaseCommand):
    help = _(
        "Actualise les calendriers importés par abonnement et prolonge les dates des "
        "événements récurrents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help=_("Importer tout de suite, sans passer par le processus d'arrière-plan."),
        )

    def handle(self, *args, now=False, verbosity=1, **options):
        sources = list(due_sources())
        queued = 0
        for source in sources:
            if now:
                report = refresh_source(source=source)
                if verbosity:
                    self.stdout.write(f"{source.name} : {report.summary()}")
            elif queue_import(source=source):  # not one already queued or running
                queued += 1
        if verbosity and not now:
            self.stdout.write(
                _("%(count)d calendrier(s) confié(s) au processus d'arrière-plan.")
                % {"count": queued}
            )
        forgotten = forget_failed_first_imports()
        if verbosity and forgotten:
            self.stdout.write(
                _("Calendriers jamais importés retirés : %(count)d.") % {"count": forgotten}
            )
        count = extend_horizon()
        if verbosity:
            self.stdout.write(
                _("Dates des événements récurrents recalculées : %(count)d.") % {"count": count}
            )
        count = refresh_stored_vevents()
        if verbosity:
            self.stdout.write(
                _("Événements remis à jour pour les flux iCalendar : %(count)d.") % {"count": count}
            )
