"""A benchmark run's results, as bench.run writes them, for the report's tests."""


def page(name, rps, p99, queries, *, anonymous=True):
    return {
        "name": name,
        "path": "/",
        "signed_in": not anonymous,
        "anonymous_page": anonymous,
        "queries": queries,
        "render_ms": 10.0,
        "status": 200,
        "rps": rps,
        "p50_ms": 5.0,
        "p99_ms": p99,
        "errors": 0,
        "non_2xx": 0,
        "requests": 1000,
        "ratio_to_ceiling": round(rps / 400, 3),
    }


def results(pages, **extra):
    return {
        "date": "2026-11-22T16:00:00+01:00",
        "server": "gunicorn",
        "workers": 2,
        "connections": 16,
        "duration_s": 10,
        "database": "test-only",
        "seed": {"scale": 1.0},
        "pages": pages,
        "missing": [],
        "worker_memory_mb": [{"rss_mb": 150.0, "peak_mb": 150.0}],
        **extra,
    }


def timed(name, render_ms, p50_ms=5.0, **fields):
    return {**page(name, 400, 20, 3), "render_ms": render_ms, "p50_ms": p50_ms, **fields}


def tenth_scale(pages):
    return {**results(pages), "seed": {"scale": 0.1}, "date": "2026-11-22T15:50:00+01:00"}
