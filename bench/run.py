"""`make bench`: serve the seeded portal with the production server and measure it page by page."""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matplotlib.figure import Figure

from bench import timings
from bench.load import run_wrk
from bench.mixed import mixed_checks, mixed_lines, run_mixed
from bench.server import Server
from bench.targets import resolve_targets
from bench.timings import portal_client
from portal.page_cache import AnonymousPageCacheMiddleware

RESULTS_DIR = Path(settings.BASE_DIR) / "var" / "bench"
DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"


def signed_in_client(user):
    client = portal_client()
    client.force_login(user)
    client.get("/mon-compte/", secure=True)  # sets the CSRF cookie
    return client


# Renders timed per page, in this process; their median is reported. Uncached renders vary by
# up to ±40% from one run to the next on 2 cores: five were too few to compare two scales.
RENDERS = 15


# The page cache never answers the renders this process times: they measure a cache miss.
uncached = patch.object(AnonymousPageCacheMiddleware, "key", lambda self, request: None)


def requester(client, target):
    """A function making the target's request once, as the load does (a reply posts its form)."""
    kwargs = {"secure": True, "HTTP_HOST": "127.0.0.1"}
    if target.method != "POST":
        return lambda: client.get(target.path, **kwargs)
    data = {**target.body, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}

    def post():
        # A visitor reads the confirmation on the page the reply leads to, which empties the
        # messages cookie. Kept, it would carry every earlier reply's confirmation, and Django
        # trims an overfull one a message at a time, a cost no browser pays.
        client.cookies.pop(CookieStorage.cookie_name, None)
        return client.post(target.path, data, **kwargs)

    return post


def render_with_queries(request):
    """(milliseconds, SQL queries, response) of one call of `request`."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = request()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries.captured_queries), response


@uncached
def measure_render(client, target):
    """What a request costs when the page cache cannot answer it (a cache miss, a member).

    The SQL queries of one request (the second: the first warms the per-site caches, as under
    load) and the median time of a few renders in this process.
    """
    request = requester(client, target)
    request()
    _elapsed, query_count, response = render_with_queries(request)
    durations = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        request()
        durations.append((time.perf_counter() - started) * 1000)
    return {
        "queries": query_count,
        "status": response.status_code,
        "render_ms": round(statistics.median(durations), 1),
        # Contention only ever adds time: the fastest render is the steadiest figure to compare
        # two runs with (the scale table).
        "render_min_ms": round(min(durations), 1),
    }


def wrk_env(client, target):
    env = {}
    if target.signed_in:
        env["BENCH_COOKIE"] = "; ".join(
            f"{k}={v.value}" for k, v in client.cookies.items() if k != CookieStorage.cookie_name
        )
    if target.method == "POST":
        env["BENCH_METHOD"] = "POST"
        env["BENCH_BODY"] = urlencode(target.body)
        env["BENCH_CSRF"] = client.cookies["csrftoken"].value
    return env


def run(*, server_kind="gunicorn", duration=10, connections=16, bench_user, stdout, seed_report):
    anonymous = portal_client()
    member = signed_in_client(bench_user)
    rows, missing, resolved = [], [], {}
    with Server(server_kind) as server:
        for target, reason in resolve_targets(bench_user=bench_user):
            if target is None:
                missing.append(reason)
                continue
            resolved[target.name] = target
            client = member if target.signed_in else anonymous
            posting = target.method == "POST"
            rows_before = target.written() if posting else None
            render = measure_render(client, target)
            if posting and target.written() == rows_before:
                missing.append(f"{target.name}: the reply was refused (HTTP {render['status']})")
                continue
            stdout.write(
                f"  {target.name}: {target.path} ({render['queries']} requêtes SQL, "
                f"{render['render_ms']} ms sans cache, HTTP {render['status']})"
            )
            run_wrk(
                server.base_url + target.path,
                duration=2,
                connections=connections,
                env=wrk_env(client, target),
            )  # warm-up
            measure = run_wrk(
                server.base_url + target.path,
                duration=duration,
                connections=connections,
                env=wrk_env(client, target),
            )
            time.sleep(1)  # let the last requests finish before the next page's render
            rows.append(
                {
                    "name": target.name,
                    "path": target.path,
                    "signed_in": target.signed_in,
                    "anonymous_page": target.anonymous_page,
                    "held_to_ratio": target.held_to_ratio,
                    **render,
                    **measure,
                }
            )
        ceiling = next((r["rps"] for r in rows if r["name"] == "ceiling"), None)
        # After the pages one by one, on the same server: the same pages while members post.
        stdout.write("  Charge mixte (des membres répondent pendant les visites anonymes) :")
        mixed = run_mixed(
            server,
            resolved,
            ceiling_rps=ceiling,
            bench_user=bench_user,
            duration=duration,
            connections=connections,
            stdout=stdout,
        )
        if mixed is None:
            missing.append("mixed load: no page or no discussion to reply in")
        memory = server.worker_memory()
    for row in rows:
        row["ratio_to_ceiling"] = round(row["rps"] / ceiling, 3) if ceiling else None
    results = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "server": server_kind,
        "workers": 2,
        "connections": connections,
        "duration_s": duration,
        "database": connection.vendor,
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "seed": seed_report,
        "pages": rows,
        "missing": missing,
        "worker_memory_mb": memory,
        "mixed": mixed,
    }
    return results


def write_results(results, *, stdout):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"results-{stamp}.json", "latest.json"):
        (RESULTS_DIR / name).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    table = markdown_table(results)
    (RESULTS_DIR / "latest.md").write_text(table)
    chart = draw_chart(results, RESULTS_DIR / "latest.png")
    stdout.write(table)
    stdout.write(f"Résultats : {RESULTS_DIR / 'latest.json'}, {RESULTS_DIR / 'latest.md'}, {chart}")
    return table


def markdown_table(results):
    lines = [
        f"Run of {results['date']} — {results['server']}, {results['workers']} workers, "
        f"{results['connections']} connections, {results['duration_s']} s per page, "
        f"database {results['database']}, scale {results['seed'].get('scale')}.",
        "",
        "| page | req/s | p50 ms | p99 ms | ratio to ceiling | errors + non-2xx "
        "| SQL queries (uncached) | render ms (uncached) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results["pages"]:
        lines.append(
            f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['ratio_to_ceiling'] if row['ratio_to_ceiling'] is not None else '—'} | "
            f"{row['errors'] + row['non_2xx']} | {row['queries']} | {row['render_ms']} |"
        )
    memory = ", ".join(
        f"{w['rss_mb']:.0f} MB (peak {w['peak_mb']:.0f} MB)"
        for w in results["worker_memory_mb"]
        if w["rss_mb"]
    )
    lines += ["", f"Workers' resident memory after the run: {memory}."]
    if results.get("mixed"):
        lines += mixed_lines(
            results["mixed"], duration=results["duration_s"], connections=results["connections"]
        )
    if results["missing"]:
        lines += ["", "Not measured: " + "; ".join(results["missing"]) + "."]
    lines += ["", *target_lines(results)]
    return "\n".join(lines) + "\n"


def _verdict(ok):
    return "met" if ok else "**not met**"


def target_lines(results):
    """The issue's targets, each with the figure that meets it or misses it."""
    rows = results["pages"]
    measured = [r for r in rows if r["name"] != "ceiling"]
    held = [r for r in measured if r.get("held_to_ratio", True)]
    anonymous = [r for r in held if r["anonymous_page"]]
    signed_in = [r for r in held if not r["anonymous_page"]]

    def worst(pages, key, reverse=False):
        pick = max if reverse else min
        return pick(pages, key=lambda r: r[key]) if pages else None

    lines = ["| target | worst page | figure | verdict |", "| --- | --- | ---: | --- |"]
    checks = [
        (
            "anonymous pages ≥ 50% of the ceiling",
            worst(anonymous, "ratio_to_ceiling"),
            "ratio_to_ceiling",
            lambda v: v >= 0.5,
        ),
        (
            "anonymous pages p99 < 100 ms",
            worst(anonymous, "p99_ms", reverse=True),
            "p99_ms",
            lambda v: v < 100,
        ),
        (
            "signed-in pages ≥ 25% of the ceiling",
            worst(signed_in, "ratio_to_ceiling"),
            "ratio_to_ceiling",
            lambda v: v >= 0.25,
        ),
        (
            "≤ 12 SQL queries per page (uncached)",
            worst(measured, "queries", reverse=True),
            "queries",
            lambda v: v <= 12,
        ),
    ]
    for label, row, key, ok in checks:
        if row is not None and row.get(key) is not None:
            lines.append(f"| {label} | {row['name']} | {row[key]} | {_verdict(ok(row[key]))} |")
    peak = max((w["peak_mb"] for w in results["worker_memory_mb"] if w["peak_mb"]), default=None)
    if peak is not None:
        lines.append(f"| worker memory < 200 MB | — | {peak:.0f} MB | {_verdict(peak < 200)} |")
    failures = sum(r["errors"] + r["non_2xx"] for r in rows)
    lines.append(f"| zero errors and non-2xx | — | {failures} | {_verdict(failures == 0)} |")
    if results.get("mixed"):
        for label, page, figure, ok in mixed_checks(results["mixed"]):
            lines.append(f"| {label} | {page} | {figure} | {_verdict(ok)} |")
    timings = results.get("timings") or {}
    for name, label, limit in (
        ("ical_feed_all", "full .ics feed < 1 s (cold, median)", 1.0),
        ("ical_feed_commune", "a commune's .ics feed < 100 ms (cold, median)", 0.1),
    ):
        if name in timings:
            seconds = timings[name]["seconds"]
            lines.append(f"| {label} | — | {seconds} s | {_verdict(seconds < limit)} |")
    # The scale target is judged on the renders alternated in this run when there are some (see
    # bench.scales), else on the latest run at another scale, corrected for drift.
    alternated = results.get("scale_alternated")
    other = other_scale_run(results)
    comparison = scale_comparison(results, other) if other is not None else None
    if alternated:
        lines += alternated_verdict(alternated)
    elif comparison:
        lines += scale_verdict(comparison)
    if alternated:
        lines += alternated_lines(alternated)
    if comparison:
        lines += scale_lines(comparison, other)
    return lines


def _scale_verdict(how, pages):
    """The scale target's row: of (name, held, ratio) per page, the held page that grew most. The
    ceiling is the yardstick, and a feed is left out: at ten times the data it carries ten times
    the events (its row is reported all the same)."""
    held = [(name, ratio) for name, is_held, ratio in pages if is_held and name != "ceiling"]
    if not held:
        return []
    name, worst = max(held, key=lambda pair: pair[1])
    return [
        f"| full scale ≤ {SCALE_LIMIT}× the other scale ({how}) "
        f"| {name} | {worst:.2f} | {_verdict(worst <= SCALE_LIMIT)} |"
    ]


def alternated_verdict(alternated):
    pages = [(p["name"], p["held_to_ratio"], p["ratio"]) for p in alternated["pages"]]
    return _scale_verdict("uncached renders in alternation", pages)


def alternated_lines(alternated):
    small, large = alternated["scales"]
    lines = [
        "",
        f"Scale {large} against scale {small}, in this run: each page rendered uncached "
        f"{alternated['rounds']} times on each database, in turn, one process per database "
        "(`--compare-database`). The median render at each scale, and the median of the rounds' "
        f"ratios, larger ÷ smaller (target: ≤ {SCALE_LIMIT}).",
        "",
        f"| page | ms at scale {small} | ms at scale {large} | ratio | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for page in alternated["pages"]:
        queries = " / ".join(str(q) for q in page["queries"])
        lines.append(
            f"| {page['name']} | {page['small_ms']:.1f} | {page['large_ms']:.1f} | {page['ratio']:.2f} "
            f"| {queries} |"
        )
    return lines


def other_scale_run(results):
    """The latest run at another scale with the same server and database, or None."""
    scale = results["seed"].get("scale")
    for path in sorted(RESULTS_DIR.glob("results-*.json"), reverse=True):  # newest first
        try:
            candidate = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if (
            candidate.get("server") == results["server"]
            and candidate.get("database") == results["database"]
            and candidate.get("seed", {}).get("scale") not in (None, scale)
        ):
            return candidate
    return None


SCALE_LIMIT = 1.2


def _fastest(row):
    """The fastest uncached render (runs before it was recorded: the median)."""
    return row.get("render_min_ms") or row.get("render_ms")


def scale_comparison(results, other):
    """(smaller run, larger run, per page: (row, render ratio, p50 ratio, the same two divided by
    the ceiling's)), larger scale ÷ smaller. The ceiling does the same work at both scales, so its own
    ratio is how much the machine drifted between the two runs (up to ±40% on 2 cores)."""
    small, large = sorted([other, results], key=lambda r: r["seed"]["scale"])
    by_name = {r["name"]: r for r in small["pages"]}
    ratios = []
    for row in large["pages"]:
        before = by_name.get(row["name"])
        if before and _fastest(before) and before.get("p50_ms"):
            ratios.append((row, _fastest(row) / _fastest(before), row["p50_ms"] / before["p50_ms"]))
    drift = next(((r, p) for row, r, p in ratios if row["name"] == "ceiling"), (1.0, 1.0))
    return (
        small,
        large,
        [(row, render, p50, render / drift[0], p50 / drift[1]) for row, render, p50 in ratios],
    )


def scale_verdict(comparison):
    _small, _large, ratios = comparison
    pages = [
        (row["name"], row.get("held_to_ratio", True), corrected)
        for row, _render, _p50, corrected, _corrected_p50 in ratios
    ]
    return _scale_verdict("fastest uncached render, drift-corrected", pages)


def scale_lines(comparison, other):
    """Each page against the latest run at another scale (same server and database)."""
    small, large, ratios = comparison
    lines = [
        "",
        f"Scale {large['seed']['scale']} against scale {small['seed']['scale']} "
        f"(run of {other['date']}): the fastest of the uncached renders and p50 under load, "
        f"larger ÷ smaller (target: ≤ {SCALE_LIMIT}). The ceiling does the same work at both "
        "scales: its own ratio is the machine's drift between the two runs, and the corrected "
        "columns divide by it.",
        "",
        "| page | uncached render | p50 under load | render, drift-corrected "
        "| p50, drift-corrected |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row, render, p50, corrected, corrected_p50 in ratios:
        lines.append(
            f"| {row['name']} | {render:.2f} | {p50:.2f} | {corrected:.2f} | {corrected_p50:.2f} |"
        )
    return lines


def draw_chart(results, path):
    rows = results["pages"]
    # A Figure of its own, not pyplot's: no display backend, no global state to close.
    figure = Figure(figsize=(10, 5))
    axis = figure.subplots()
    axis.barh([r["name"] for r in rows], [r["rps"] for r in rows], color="#1f5f8b")
    axis.set_xlabel("requêtes par seconde")
    axis.set_title(f"Parvis — {results['server']}, {results['database']}, {results['date'][:16]}")
    axis.invert_yaxis()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return path


def time_load_territories():
    """load_territories --all into a fresh SQLite file, as a newcomer's machine would."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/t.sqlite3",
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [*manage, "load_territories", "--all", "-v0"], env=env, check=True, capture_output=True
        )
        return {"seconds": round(time.perf_counter() - started, 2), "detail": "fresh SQLite file"}


def extra_timings(*, stdout):
    """Separate figures: territories, the big feed, a big import, a search over everything."""
    figures = {"load_territories_all": time_load_territories()}
    figures.update(timings.feature_timings())
    for name, figure in figures.items():
        stdout.write(f"  {name}: {figure['seconds']} s ({figure.get('detail', '')})")
    return figures


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_doc(all_results):
    """The latest tables into docs/performance.md, between its markers: the prose around them
    is written by people and kept."""
    parts = [
        START,
        '\n\nLatest results of `make bench` (see README, "Benchmark"), written by '
        "`make bench BENCH_ARGS=--write-doc`.\n",
    ]
    for kind, table in all_results:
        parts += [f"\n### {kind}\n\n", table]
    latest = json.loads((RESULTS_DIR / "latest.json").read_text())
    timings = latest.get("timings") or {}
    if timings:
        parts.append(
            "\n### Separate timings\n\n| what | seconds | detail |\n| --- | ---: | --- |\n"
        )
        for name, figure in timings.items():
            parts.append(f"| {name} | {figure['seconds']} | {figure.get('detail', '')} |\n")
    parts.append("\n" + END)
    generated = "".join(parts)
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text() if DOC.exists() else ""
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(before + generated + after)
    else:
        DOC.write_text("# Performance\n\n" + generated + "\n")
