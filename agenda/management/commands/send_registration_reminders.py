"""`manage.py send_registration_reminders`: the reminder before each date to the people
registered (each opening says how many days before). Run it hourly from cron."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agenda.services.registrations import send_reminders


class Command(BaseCommand):
    help = _("Envoie le rappel aux inscrits des prochaines dates.")

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
