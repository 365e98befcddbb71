"""Attack: the database goes away while people use the portal (audit item 8).

A real server (gunicorn, one worker, a file cache) runs on a copy of the test database in a SQLite
file. Once a page is cached and a member is signed in, the file's directory is moved away: every
new connection then fails, as with PostgreSQL down. Nothing is mocked: the portal itself answers.
The tests share that server (one brings the database back for a while); the last one starts its
own, against a PostgreSQL port nobody listens on.
"""

from contextlib import contextmanager
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import requests
from django.db import connection, transaction
from factories import page_text
from gunicorn_servers import (
    form_token,
    free_port,
    start_gunicorn,
    stop,
    thread_in_creil,
    wait_until_ready,
)

# The test database the server's copy is taken from is only created for marked tests.
pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"
REPLY = 'Je viens à la réunion de jeudi.\nÀ noter : <script>alert("x")</script> & « merci » !'


def start_server(database_url, root, port):
    """A server whose page cache is a folder of files, logging to `root`/server.log."""
    with open(root / "server.log", "wb") as log:
        return start_gunicorn(
            database_url=database_url, cache_url=f"filecache://{root / 'cache'}", log=log, port=port
        )


class FormReader(HTMLParser):
    """The forms of a page: their method, action and fields, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({name: attrs.get(name) for name in ("method", "action", "enctype")})
            self.forms[-1]["fields"] = []
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"].append((attrs.get("type"), attrs["name"], attrs.get("value")))
        elif tag == "textarea" and self.forms:
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the line break that follows <textarea>.
            self.forms[-1]["fields"].append(("textarea", name, text.removeprefix("\n")))
            self._textarea = None


def forms_of(response):
    reader = FormReader()
    reader.feed(response.text)
    return reader.forms


@pytest.fixture(scope="module")
def outage(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("the server runs on a SQLite copy of the test database")
    root = tmp_path_factory.mktemp("outage")
    data, moved = root / "data", root / "moved-away"
    data.mkdir()
    with django_db_blocker.unblock(), transaction.atomic():
        member, discussion = thread_in_creil()
        # The database as this test sees it, rows not committed included.
        (data / "parvis.sqlite3").write_bytes(connection.connection.serialize())
        transaction.set_rollback(True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(f"sqlite:///{data / 'parvis.sqlite3'}", root, port)
    try:
        wait_until_ready(server, f"{base}/healthz")
        stranger = requests.Session()
        stranger_token = form_token(stranger.get(f"{base}/compte/login/"))
        person = requests.Session()
        signed_in = person.post(
            f"{base}/compte/login/",
            {
                "csrfmiddlewaretoken": form_token(person.get(f"{base}/compte/login/")),
                "login": member.email,
                "password": PASSWORD,
            },
            allow_redirects=False,
        )
        assert signed_in.status_code == 302
        thread = person.get(f"{base}/discussions/{discussion.pk}/")
        # Warmed last, once the member's sign-in and first pages have written what they write.
        visitor = requests.Session()
        for _ in range(5):  # the first pages rendered may create settings rows: all pages renewed
            cached_page = visitor.get(f"{base}/groupes/")
            if cached_page.headers.get("X-Page-Cache") == "hit":
                break
        assert cached_page.headers.get("X-Page-Cache") == "hit"

        @contextmanager
        def database_back():
            moved.rename(data)
            try:
                yield
            finally:
                data.rename(moved)

        data.rename(moved)
        yield SimpleNamespace(
            base=base,
            log=root / "server.log",
            visitor=visitor,
            cached_page=cached_page,
            stranger=stranger,
            stranger_token=stranger_token,
            member=member,
            person=person,
            person_token=form_token(thread),
            discussion=discussion,
            database_back=database_back,
        )
    finally:
        stop(server)


def test_visitors_still_read_cached_pages_and_get_a_french_503_for_the_others(outage):
    cached = outage.visitor.get(f"{outage.base}/groupes/")
    assert cached.status_code == 200
    assert cached.headers["X-Page-Cache"] == "hit"
    assert cached.text == outage.cached_page.text
    assert "Vélo à Creil" in page_text(cached)

    uncached = outage.visitor.get(f"{outage.base}/consultations/")
    assert uncached.status_code == 503
    assert uncached.headers["Retry-After"] == "60"
    assert '<html lang="fr"' in uncached.text
    assert "Le portail est momentanément indisponible" in page_text(uncached)
    assert "Erreur du serveur" not in page_text(uncached)


def test_a_visitor_whose_session_is_not_in_the_cache_gets_the_503_page_too(outage):
    # The session is read from the database by a middleware, before any view: handler500's part.
    response = requests.get(f"{outage.base}/groupes/", cookies={"sessionid": "x" * 32})
    assert response.status_code == 503
    assert "Le portail est momentanément indisponible" in page_text(response)


def test_a_members_reply_comes_back_in_a_form_to_send_again(outage):
    url = f"/discussions/{outage.discussion.pk}/repondre/"
    response = outage.person.post(
        f"{outage.base}{url}", {"csrfmiddlewaretoken": outage.person_token, "body": REPLY}
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Votre envoi n'a pas été enregistré" in page_text(response)
    assert "<script>" not in response.text
    [form] = forms_of(response)
    assert form["method"] == "post"
    assert form["action"] == url
    assert ("textarea", "body", REPLY) in form["fields"]
    [(_, _, token)] = [field for field in form["fields"] if field[1] == "csrfmiddlewaretoken"]
    assert token and token != outage.person_token
    assert f"Database unreachable: POST {url}" in outage.log.read_text()


def test_a_sign_in_during_an_outage_never_writes_the_password_back(outage):
    response = outage.stranger.post(
        f"{outage.base}/compte/login/",
        {
            "csrfmiddlewaretoken": outage.stranger_token,
            "login": outage.member.email,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 503
    assert PASSWORD not in response.text
    [form] = forms_of(response)
    assert ("hidden", "login", outage.member.email) in form["fields"]
    assert ("password", "password", None) in form["fields"]


def test_a_file_sent_during_an_outage_is_asked_for_again_and_never_written_back(outage):
    response = outage.stranger.post(
        f"{outage.base}/discussions/{outage.discussion.pk}/repondre/",
        {"csrfmiddlewaretoken": outage.stranger_token, "body": "Voici le compte rendu."},
        files={"attachment": ("compte-rendu.txt", b"contenu-du-fichier-joint")},
    )
    assert response.status_code == 503
    assert "contenu-du-fichier-joint" not in response.text
    [form] = forms_of(response)
    assert form["enctype"] == "multipart/form-data"
    assert ("file", "attachment", None) in form["fields"]
    assert ("textarea", "body", "Voici le compte rendu.") in form["fields"]


def test_the_reply_sent_again_once_the_database_is_back_is_published(outage):
    url = f"{outage.base}/discussions/{outage.discussion.pk}/repondre/"
    outage_page = outage.person.post(
        url, {"csrfmiddlewaretoken": outage.person_token, "body": REPLY}
    )
    [form] = forms_of(outage_page)
    with outage.database_back():
        sent_again = outage.person.post(
            f"{outage.base}{form['action']}",
            {name: value for _, name, value in form["fields"]},
            allow_redirects=False,
        )
        thread = outage.person.get(f"{outage.base}/discussions/{outage.discussion.pk}/")
    assert sent_again.status_code == 302
    assert REPLY.splitlines()[0] in page_text(thread)


def test_with_postgresql_refusing_connections_a_form_sent_comes_back_too(tmp_path):
    """No PostgreSQL server listens on the port: psycopg's own error, on every request."""
    port, closed_port = free_port(), free_port()
    server = start_server(f"postgres://parvis@127.0.0.1:{closed_port}/parvis", tmp_path, port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(server, f"{base}/healthz")
        page = requests.get(f"{base}/groupes/")
        secret = "a" * 32  # a CSRF secret of the browser's own, as a first visit would get
        sent = requests.post(
            f"{base}/discussions/1/repondre/",
            {"csrfmiddlewaretoken": secret, "body": REPLY},
            cookies={"csrftoken": secret},
        )
    finally:
        stop(server)
    assert page.status_code == 503
    assert "Le portail est momentanément indisponible" in page_text(page)
    assert sent.status_code == 503
    assert ("textarea", "body", REPLY) in forms_of(sent)[0]["fields"]
    assert "psycopg.OperationalError" in (tmp_path / "server.log").read_text()
