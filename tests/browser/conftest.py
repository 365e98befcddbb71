"""Browser tests: a real portal served in a subprocess, driven by headless Chromium.

pytest-django's live_server would flush the test database the rest of the suite shares, so the
portal runs on its own: a session fixture builds a fresh database (an SQLite file, or a separate
PostgreSQL database when DATABASE_URL points at PostgreSQL), runs migrate, load_territories and
setup_demo as `make run` does, then serves it with `manage.py runserver --noreload` on a free port.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser.
Screenshots of each journey's last screen go to test-results/ (git-ignored).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from browser.axe import axe_violations
from oidc_server import CLIENT_ID, CLIENT_SECRET, Provider, start_provider

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM = os.environ.get("PARVIS_CHROMIUM", "/usr/bin/chromium")
ADMIN_PASSWORD = "mot-de-passe-admin-navigateur"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp):
    """An SQLite file of our own, or a database of our own on the PostgreSQL server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'portal.sqlite3'}", None
    parts = urlsplit(url)
    name = f"parvis_browser_{os.getpid()}"
    import psycopg

    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


class LivePortal:
    def __init__(self, url, env, mailbox):
        self.url = url
        self.env = env
        self.mailbox = mailbox

    def manage(self, *args, input_text=None):
        """Run a management command against the live portal's database."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            input=input_text,
        ).stdout

    def python(self, code):
        """Run Python code in the portal's Django (`manage.py shell -c`); returns what it prints."""
        return self.manage("shell", "-c", code)

    def emails(self):
        """Every email the portal sent, oldest first, as text."""
        files = sorted(Path(self.mailbox).glob("*.log"), key=lambda path: path.stat().st_mtime)
        return [path.read_text(encoding="utf-8") for path in files]


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live-portal")
    mailbox = tmp / "mailbox"
    mailbox.mkdir()
    database_url, drop_database = _database_url(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "browser.live_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
        "DATABASE_URL": database_url,
        "PARVIS_MAILBOX": str(mailbox),
        "PARVIS_MEDIA_ROOT": str(tmp / "media"),
        "CACHE_URL": "locmemcache://browser",
        "PYTHONUNBUFFERED": "1",
    }
    port = _free_port()
    # FranceConnect, played by the local OpenID Connect provider (tests/oidc_server.py).
    oidc_port = _free_port()
    oidc_process = start_provider(oidc_port, rp=f"http://127.0.0.1:{port}")
    env.update(
        FRANCECONNECT_CLIENT_ID=CLIENT_ID,
        FRANCECONNECT_CLIENT_SECRET=CLIENT_SECRET,
        FRANCECONNECT_ISSUER=f"http://127.0.0.1:{oidc_port}",
    )
    portal = LivePortal(f"http://127.0.0.1:{port}", env, mailbox)
    portal.oidc = Provider(f"http://127.0.0.1:{oidc_port}", rp=portal.url)
    portal.manage("migrate", "--noinput")
    portal.manage("load_territories", "--departement", "60")
    portal.manage("setup_demo", "--departement", "60", "--admin-password", ADMIN_PASSWORD)
    log = open(tmp / "runserver.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(portal.url + "/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Le serveur de test n'a pas démarré :\n"
                        + (tmp / "runserver.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield portal
    finally:
        oidc_process.terminate()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if drop_database is not None:
            drop_database()


@pytest.fixture(scope="session")
def base_url(live_portal):
    return live_portal.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=2)

    return check


@pytest.fixture
def screenshot():
    """screenshot(page, name): the journey's last screen, kept as a test artefact."""

    def take(page, name):
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
