"""`manage.py bench`: seed a département-scale dataset, then measure the portal under load.

Run it through `make bench`, which points it at a dedicated database and bench.settings
(production's, plus this app).
"""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from bench import run as bench_run
from bench.load import wrk_available
from bench.scales import compare_scales
from bench.seed import Seeder
from bench.steps import extra_steps
from bench.targets import follow_twenty_things, join_the_long_discussion, the_bench_visitor


class Command(BaseCommand):
    help = "Remplit une base à l'échelle d'un département puis mesure les pages sous charge."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = un département ; 0.1 = un dixième."
        )
        parser.add_argument("--server", choices=["gunicorn", "granian", "both"], default="gunicorn")
        parser.add_argument("--duration", type=int, default=10, help="Secondes de charge par page.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--seed-only", action="store_true")
        parser.add_argument(
            "--write-doc", action="store_true", help="Met à jour docs/performance.md."
        )
        parser.add_argument(
            "--compare-database",
            metavar="URL",
            help="Base du même banc à une autre échelle : chaque page y est rendue en alternance.",
        )

    def handle(
        self,
        *args,
        scale,
        server,
        duration,
        connections,
        seed_only,
        write_doc,
        compare_database,
        **options,
    ):
        if not seed_only and not wrk_available():
            raise CommandError("wrk est introuvable : sudo apt-get install wrk")
        self.stdout.write(f"Jeu de données à l'échelle {scale} :")
        started = time.perf_counter()
        seeder = Seeder(scale=scale, stdout=self.stdout)
        report = seeder.run(extra_steps=extra_steps())
        seed_seconds = round(time.perf_counter() - started, 1)
        self.stdout.write(f"Jeu de données prêt en {seed_seconds} s.")
        cache.clear()  # the benchmark's own cache: no page of an earlier run survives
        if seed_only:
            return
        bench_user = the_bench_visitor()
        join_the_long_discussion(bench_user)
        follow_twenty_things(bench_user)
        seed_report = {
            "scale": scale,
            "seconds": seed_seconds,
            "counts": report.counts,
            "step_seconds": report.seconds,
        }
        alternated = None
        if compare_database:
            self.stdout.write("Les deux échelles, page par page, en alternance :")
            alternated = compare_scales(compare_database, stdout=self.stdout)
        servers = ["gunicorn", "granian"] if server == "both" else [server]
        all_results = []
        for kind in servers:
            self.stdout.write(f"Mesures avec {kind} :")
            results = bench_run.run(
                server_kind=kind,
                duration=duration,
                connections=connections,
                bench_user=bench_user,
                stdout=self.stdout,
                seed_report=seed_report,
            )
            results["timings"] = bench_run.extra_timings(stdout=self.stdout)
            if alternated:
                results["scale_alternated"] = alternated
            table = bench_run.write_results(results, stdout=self.stdout)
            all_results.append((kind, table))
        if write_doc:
            bench_run.write_doc(all_results)
