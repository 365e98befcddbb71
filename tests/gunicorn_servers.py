"""Real portal servers for the tests that need more than the test client: gunicorn, one worker,
on a free loopback port, against a database and a cache named by URL."""

import re
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from factories import make_group, make_member

from civic.dialogue.services import discussions
from civic.territories.models import Territory


def thread_in_creil():
    """What the servers' tests read and write: (Marc, a member, and a thread in « Vélo à Creil »
    opened by its animator Anne)."""
    creil = Territory.objects.get(kind=Territory.Kind.COMMUNE, code="60175")
    animator = make_member(first_name="Anne", last_name="Animatrice", commune=creil)
    member = make_member(first_name="Marc", last_name="Membre", commune=creil)
    group = make_group(
        user=animator, territory=creil, rules_text="Restez courtois.", members=[member]
    )
    return member, discussions.start_discussion(
        user=animator, group=group, title="Une réunion jeudi ?", body="Qui vient ?"
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(*, database_url, cache_url, log, port):
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "PAGE_CACHE_SECONDS": "60",
        # A connection per request: each sees the other processes' writes, and an open SQLite
        # file cannot outlive its directory's move.
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "portal.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"),
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_ready(server, url, *, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("the server stopped before answering")
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.1)
    pytest.fail("the server did not answer in time")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
