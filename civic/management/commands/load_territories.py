"""`manage.py load_territories --departement 60 | --region 32 | --all`.

The work is done by civic.territories.services.load_territories; this prints it in French.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civic.territories.services import (
    KIND_PLURALS,
    UnknownTerritoryCode,
    format_number,
    load_territories,
)


class Command(BaseCommand):
    help = _(
        "Charge les régions, départements, intercommunalités et communes depuis les fichiers "
        "de civic/data/territories/. Peut être relancée sans risque : seules les différences "
        "sont écrites, et les quartiers sont conservés."
    )

    def add_arguments(self, parser):
        # Exactly one scope, checked in handle() so that the error is in French.
        scope = parser.add_argument_group(_("étendue (une seule option)"))
        scope.add_argument(
            "--departement",
            nargs="+",
            metavar="CODE",
            help=_("Code INSEE d'un ou plusieurs départements, par exemple 60 ou 2A."),
        )
        scope.add_argument(
            "--region",
            nargs="+",
            metavar="CODE",
            help=_("Code INSEE d'une ou plusieurs régions, par exemple 32 (Hauts-de-France)."),
        )
        scope.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help=_("Toute la France : 34 969 communes, 1 255 intercommunalités."),
        )

    def handle(self, *args, departement=None, region=None, everything=False, **options):
        given = [departement, region, everything]
        if sum(1 for option in given if option) != 1:
            raise CommandError(
                _("Indiquez exactement une option parmi --departement, --region et --all.")
            )
        verbose = options["verbosity"] >= 1
        started = time.monotonic()
        try:
            report = load_territories(
                departements=departement,
                regions=region,
                everything=everything,
                progress=self.stdout.write if verbose else None,
            )
        except UnknownTerritoryCode as error:
            raise CommandError(str(error)) from error
        if not verbose:
            return
        elapsed = time.monotonic() - started
        self.stdout.write("")
        for kind, counts in report.kinds.items():
            self.stdout.write(
                _(
                    "%(kind)s : %(created)s créations, %(updated)s mises à jour, "
                    "%(unchanged)s sans changement."
                )
                % {
                    "kind": KIND_PLURALS[kind],
                    "created": format_number(counts.created),
                    "updated": format_number(counts.updated),
                    "unchanged": format_number(counts.unchanged),
                }
            )
        self.stdout.write(
            _("Liens d'appartenance : %(added)s ajouts, %(removed)s suppressions.")
            % {
                "added": format_number(report.links_added),
                "removed": format_number(report.links_removed),
            }
        )
        seconds = f"{elapsed:.1f}".replace(".", ",")
        if report.has_changes:
            message = _("Territoires chargés en %(seconds)s s.") % {"seconds": seconds}
        else:
            message = _("Territoires déjà à jour : rien n'a changé (%(seconds)s s).") % {
                "seconds": seconds
            }
        self.stdout.write(self.style.SUCCESS(message))
