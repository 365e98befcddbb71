"""`manage.py bench_render`: the benchmark's renderer for one database (see bench.scales).

It reads page names on its standard input and answers each with one uncached render's time on its
standard output. `manage.py bench --compare-database` starts two of them; nobody runs it by hand.
"""

import sys
from contextlib import redirect_stdout

from django.core.management.base import BaseCommand

from bench.scales import serve_renders


class Command(BaseCommand):
    help = "Banc d'essai : rend sans cache les pages nommées sur l'entrée standard."

    def handle(self, *args, **options):
        answers = sys.stdout
        # Anything else printed goes to the standard error, not into the answers.
        with redirect_stdout(sys.stderr):
            serve_renders(sys.stdin, answers)
