"""`manage.py setup_demo`: a working portal to try, in one command, as many times as you like."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from civic.territories.models import Territory
from demo.agenda import create_agenda_demo
from demo.authority import authority_for
from demo.dialogue import create_dialogue_demo
from demo.pages import (
    DemoReport,
    build_demo_pages,
    ensure_default_site,
    ensure_home_page,
    ensure_portal_settings,
    remove_wagtail_welcome_page,
)
from demo.people import DEMO_PASSWORD, create_people_demo
from demo.reports import create_reports_demo
from demo.users import ensure_demo_admin


class Command(BaseCommand):
    help = _(
        "Prépare un portail de démonstration : site, page d'accueil, pages éditoriales, réglages "
        "et compte administrateur. Sans effet sur ce qui existe déjà."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            default=settings.PORTAL_DEFAULT_DEPARTEMENT,
            help=_("Code INSEE du département du portail (par défaut : %(default)s)."),
        )
        parser.add_argument(
            "--admin-password",
            default=None,
            help=_(
                "Mot de passe du compte administrateur s'il est créé (par défaut : tiré au sort)."
            ),
        )

    def handle(self, *args, departement, admin_password, verbosity=1, **options):
        code = departement.strip().upper()
        report = DemoReport()
        territory = Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT, code=code).first()
        if territory is None:
            report.warnings.append(
                _(
                    "Le département %(code)s n'est pas chargé : le portail ne sera rattaché à "
                    "aucun territoire. Lancez d'abord « manage.py load_territories "
                    "--departement %(code)s », puis relancez setup_demo."
                )
                % {"code": code}
            )
        authority = authority_for(code, territory)

        with transaction.atomic():
            home = ensure_home_page(report)
            site = ensure_default_site(home, authority.name, report)
            remove_wagtail_welcome_page(report)
            pages = build_demo_pages(home, authority, report, territory=territory)
            ensure_portal_settings(site, authority, territory, pages, report)
            admin, password = ensure_demo_admin(admin_password)
            people = create_people_demo(moderator=admin)
            if people:
                report.created.append(
                    _("%(count)d personnes de démonstration") % {"count": len(people)}
                )
            report.created.extend(create_dialogue_demo(moderator=admin))
            create_agenda_demo(stdout=self.stdout)
            report.created.extend(create_reports_demo())

        self.print_report(report, site, admin, password, verbosity)

    def print_report(self, report, site, admin, password, verbosity):
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if verbosity and report.created:
            self.stdout.write(_("Créé ou complété : %s.") % ", ".join(report.created))
        elif verbosity:
            self.stdout.write(_("Rien à créer : la démonstration est déjà en place."))

        root_url = site.root_url
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Portail de démonstration prêt.")))
        self.stdout.write(_("  Portail :        %s/") % root_url)
        self.stdout.write(_("  Administration : %s/admin/") % root_url)
        self.stdout.write(_("  Identifiant :    %(email)s") % {"email": admin.email})
        if password:
            self.stdout.write(_("  Mot de passe :   %s") % password)
            self.stdout.write(_("  Notez-le : il ne sera plus affiché."))
        else:
            self.stdout.write(
                _(
                    "  Le compte %(email)s existe déjà : son mot de passe n'a pas été modifié "
                    "(pour le changer : manage.py changepassword %(username)s)."
                )
                % {"email": admin.email, "username": admin.get_username()}
            )
        self.stdout.write(
            _(
                "  Comptes de démonstration (associations, élu·es, habitant·es) : adresses en "
                "@%(domain)s, mot de passe « %(password)s » — voir l'annuaire."
            )
            % {"domain": "demo.parvis.localhost", "password": DEMO_PASSWORD}
        )
