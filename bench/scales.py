"""The same pages at two scales, timed in alternation (`manage.py bench --compare-database`).

Two runs made minutes apart on a shared 2-core machine differ by up to ±40% for the same work,
which hides the growth the scale target is about (≤ 1.2×). Here one renderer process serves each
database and the two render each page in turn, round after round (the first of the pair changing
every round): whatever slows the machine slows both. Each renderer uses a cache of its own, in
its memory, so neither reads what the other remembered (ids differ between the two databases).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from bench.run import render_with_queries, requester, signed_in_client, uncached
from bench.seed import seeded_scale
from bench.targets import (
    follow_twenty_things,
    join_the_long_discussion,
    resolve_targets,
    the_bench_visitor,
)
from bench.timings import portal_client

# Rounds per page. With 15, the ceiling's own ratio (the same work at both scales) came out at
# 1.04 to 1.16 over seven comparisons: the worst of twelve pages could cross 1.2 on noise alone.
ROUNDS = 30


# The renderer's side: `manage.py bench_render`, one JSON line out for each line in.


def serve_renders(lines, out):
    """Render, uncached, each target named on `lines`; write one JSON line per render to `out`.

    The first line written says which scale this database holds and which targets it has. Each
    timed render follows an untimed one of the same page, which warms the per-site caches.
    """
    visitor = the_bench_visitor()
    join_the_long_discussion(visitor)
    follow_twenty_things(visitor)
    anonymous, member = portal_client(), signed_in_client(visitor)
    targets = {
        target.name: target
        for target, _reason in resolve_targets(bench_user=visitor)
        if target is not None
    }
    _write(
        out,
        {
            "scale": seeded_scale(),
            "targets": [{"name": t.name, "held": t.held_to_ratio} for t in targets.values()],
        },
    )
    requests = {}
    with uncached:
        for line in lines:
            name = line.strip()
            if not name:
                break
            if name not in requests:
                target = targets[name]
                requests[name] = requester(member if target.signed_in else anonymous, target)
            # Untimed: the page before may have been a reply, which renews what every page
            # remembers; under load, a page's renders follow one another.
            requests[name]()
            elapsed, queries, response = render_with_queries(requests[name])
            _write(out, {"ms": elapsed, "queries": queries, "status": response.status_code})


def _write(out, record):
    out.write(json.dumps(record) + "\n")
    out.flush()


# The bench's side: two renderers, asked in turn.


class Renderer:
    """A `manage.py bench_render` process on one database."""

    def __init__(self, database_url):
        self.database_url = database_url
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by close())
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CACHE_URL": "locmemcache://bench-render",
            # On, so that the layout is remembered as in production; no page is served from it
            # (serve_renders renders uncached).
            "PAGE_CACHE_SECONDS": "60",
        }
        self.process = subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_render"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.ready = self._read()
        self.scale = self.ready["scale"]

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.seek(0)
            raise CommandError(
                f"{self.database_url} : le rendu a échoué.\n{self.log.read()[-3000:]}"
            )
        return json.loads(line)

    def render(self, name):
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)
        self.log.close()


def alternate(first, second, *, rounds=ROUNDS, stdout=None):
    """{name: {"held": bool, "ms": {scale: [ms, …]}, "queries": {scale: n}}} for the targets both
    databases have, rendered in turn. A page answering with an error stops the comparison."""
    held = {t["name"]: t["held"] for t in first.ready["targets"]}
    names = [t["name"] for t in second.ready["targets"] if t["name"] in held]
    if stdout is not None:
        stdout.write(f"  rendus alternés : {len(names)} pages × {rounds} tours")
    times = {name: {first.scale: [], second.scale: []} for name in names}
    queries = {name: {} for name in names}
    for round_ in range(rounds):
        pair = (first, second) if round_ % 2 == 0 else (second, first)
        for name in names:
            for renderer in pair:
                record = renderer.render(name)
                if record["status"] >= 400:
                    raise CommandError(
                        f"{name} (échelle {renderer.scale}) : HTTP {record['status']}."
                    )
                times[name][renderer.scale].append(record["ms"])
                queries[name][renderer.scale] = record["queries"]
    return {
        name: {"held": held[name], "ms": times[name], "queries": queries[name]} for name in names
    }


def summarize(measured, small, large):
    """The comparison the report shows: per page, the median render at each scale and the median
    of the round-by-round ratios (larger ÷ smaller), which a slow moment cannot skew."""
    pages = []
    for name, figures in measured.items():
        before, after = figures["ms"][small], figures["ms"][large]
        pages.append(
            {
                "name": name,
                "held_to_ratio": figures["held"],
                "small_ms": round(statistics.median(before), 1),
                "large_ms": round(statistics.median(after), 1),
                "ratio": round(
                    statistics.median(a / b for a, b in zip(after, before, strict=True)), 3
                ),
                "queries": [figures["queries"][small], figures["queries"][large]],
            }
        )
    return {"scales": [small, large], "pages": pages}


def migrate(database_url):
    """The other database's schema brought to this code's, as `make bench` does for its own."""
    subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "--noinput", "-v0"],
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
    )


def compare_scales(other_database_url, *, rounds=ROUNDS, stdout=None):
    """The alternated comparison of this database with the one at `other_database_url`."""
    own_url = os.environ.get("DATABASE_URL")
    if not own_url:
        raise CommandError("DATABASE_URL doit nommer la base du banc d'essai (make bench le fait).")
    migrate(other_database_url)
    renderers = []
    try:
        for url in (own_url, other_database_url):
            renderers.append(Renderer(url))
        first, second = renderers
        if first.scale == second.scale:
            raise CommandError(
                f"Les deux bases sont à la même échelle ({first.scale}) : rien à comparer."
            )
        measured = alternate(first, second, rounds=rounds, stdout=stdout)
    finally:
        for renderer in renderers:
            renderer.close()
    small, large = sorted((first.scale, second.scale))
    return {"rounds": rounds, **summarize(measured, small, large)}
