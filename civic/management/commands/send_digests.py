"""`manage.py send_digests`: the daily digest of the dialogue, to run once a day from cron.

It hands one digest task per person to the background worker (`manage.py db_worker`), and
hands again the immediate emails that are still unsent after their retries. `--now` sends
everything from this process instead, without a worker.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from civic.dialogue.services import notifications
from civic.dialogue.services.notifications import send_digest, send_notification


class Command(BaseCommand):
    help = _("Envoie le résumé quotidien des groupes et relance les courriels restés en attente.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help=_("Envoyer tout de suite depuis cette commande, sans passer par le worker."),
        )

    def handle(self, *args, now=False, **options):
        recipients = list(notifications.digest_recipients())
        stalled = list(notifications.stalled_immediate().values_list("pk", flat=True))
        sent = failed = 0
        for user_id in recipients:
            if now:
                if notifications.deliver_digest(user_id):
                    sent += 1
                else:
                    failed += 1
            else:
                send_digest.enqueue(user_id)
        for pk in stalled:
            if now:
                notifications.deliver_immediate(pk)
            else:
                send_notification.enqueue(pk)
        if now:
            self.stdout.write(
                _("%(sent)d résumé(s) envoyé(s), %(failed)d en échec (ils repartiront demain).")
                % {"sent": sent, "failed": failed}
            )
        else:
            self.stdout.write(
                _("%(digests)d résumé(s) et %(stalled)d courriel(s) en attente confiés au worker.")
                % {"digests": len(recipients), "stalled": len(stalled)}
            )
