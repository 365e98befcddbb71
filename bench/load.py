"""Drive load with wrk (a second process on loopback) and read its summary."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk_report.lua")


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, *, duration=10, connections=16, threads=2, env=None):
    """Run wrk against `url`; return requests/s, p50/p99 (ms), errors and the request count."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(SCRIPT),
            url,
        ],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    match = re.search(r"BENCH_JSON (\{.*\})", result.stdout)
    if not match:
        raise RuntimeError(f"wrk gave no summary for {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    seconds = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "rps": data["requests"] / seconds if seconds else 0.0,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        # No answer at all (workers killed, timeouts) is a failure, not "0 errors".
        "errors": data["errors"] if data["requests"] else max(data["errors"], 1),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }
