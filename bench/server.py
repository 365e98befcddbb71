"""Start and stop the production server for the benchmark, and read its workers' memory."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(extra=None):
    """The benchmark's settings (production's) on plain loopback HTTP: the load generator says it
    came through TLS."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "false",
            "CIVIC_POST_RATE": "100000/m",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra or {})
    return env


class Server:
    """gunicorn or granian serving portal.wsgi with 2 workers on 127.0.0.1."""

    def __init__(self, kind="gunicorn", workers=2, env=None):
        self.kind = kind
        self.workers = workers
        self.port = free_port()
        self.env = production_env(env)
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        bin_dir = Path(sys.executable).parent
        if self.kind == "gunicorn":
            return [
                str(bin_dir / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ]
        if self.kind == "granian":
            return [
                str(bin_dir / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "portal.wsgi:application",
            ]
        raise ValueError(self.kind)

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    self.base_url + "/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=2):
                    self.settle()
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer on {self.base_url}")

    def settle(self, *, quiet_ms=20, interval=0.5, longest=20):
        """Wait until the workers are idle. The first answer comes from one worker while the other
        may still be importing the portal, a second or two of CPU on a 2-core machine: the
        renders measured next in the bench's process, the ceiling's first, were then up to twice
        as slow as later."""
        deadline = time.monotonic() + longest
        before = self._workers_cpu_ms()
        while time.monotonic() < deadline:
            time.sleep(interval)
            now = self._workers_cpu_ms()
            if now - before < quiet_ms:
                return
            before = now

    def _workers_cpu_ms(self):
        ticks = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks * 1000 / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def worker_pids(self):
        """The server's child processes (its workers)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                pids.append(int(entry.name))
        return pids or [self.process.pid]

    def worker_memory(self):
        """Resident (VmRSS) and peak resident (VmHWM) memory of each worker, in MB."""
        result = []
        for pid in self.worker_pids():
            values = {}
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    key, _, rest = line.partition(":")
                    if key in ("VmRSS", "VmHWM"):
                        values[key] = int(rest.split()[0]) / 1024
            except OSError:
                continue
            result.append(
                {"pid": pid, "rss_mb": values.get("VmRSS"), "peak_mb": values.get("VmHWM")}
            )
        return result
