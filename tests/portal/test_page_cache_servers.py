"""The page cache across two server processes sharing Redis: an edit through one is never served
stale by the other, and what it did not change stays cached.

Two real servers (gunicorn, one worker each) run on a copy of the test database in a SQLite file
and share Redis's database 6, as two hosts behind a load balancer would. Skipped only when no
Redis answers on 127.0.0.1:6379.
"""

import socket

import pytest
import requests
from django.core.cache.backends.redis import RedisCache
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

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/6"


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def two_servers(tmp_path):
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    if connection.vendor != "sqlite":
        pytest.skip("the servers run on a SQLite copy of the test database")
    with transaction.atomic():
        member, discussion = thread_in_creil()
        (tmp_path / "parvis.sqlite3").write_bytes(connection.connection.serialize())
        transaction.set_rollback(True)
    RedisCache(REDIS_URL, {}).clear()
    servers, bases = [], []
    try:
        with open(tmp_path / "servers.log", "wb") as log:
            for _ in range(2):
                port = free_port()
                servers.append(
                    start_gunicorn(
                        database_url=f"sqlite:///{tmp_path / 'parvis.sqlite3'}",
                        cache_url=REDIS_URL,
                        log=log,
                        port=port,
                    )
                )
                bases.append(f"http://127.0.0.1:{port}")
            for server, base in zip(servers, bases, strict=True):
                wait_until_ready(server, f"{base}/healthz")
            yield bases, member, discussion
    finally:
        for server in servers:
            stop(server)
        RedisCache(REDIS_URL, {}).clear()


def sign_in(base, member):
    session = requests.Session()
    signed_in = session.post(
        f"{base}/compte/login/",
        {
            "csrfmiddlewaretoken": form_token(session.get(f"{base}/compte/login/")),
            "login": member.email,
            "password": "un-mot-de-passe-solide",
        },
        allow_redirects=False,
    )
    assert signed_in.status_code == 302
    return session


def reply(session, base, discussion, body):
    thread = session.get(f"{base}/discussions/{discussion.pk}/")
    sent = session.post(
        f"{base}/discussions/{discussion.pk}/repondre/",
        {"csrfmiddlewaretoken": form_token(thread), "body": body},
        allow_redirects=False,
    )
    assert sent.status_code == 302


def cached(session, url):
    """The page, read until the cache serves it: the first renders may write settings rows."""
    for _ in range(5):
        response = session.get(url)
        if response.headers.get("X-Page-Cache") == "hit":
            return response
    pytest.fail(f"{url} is never served from the cache")


def test_a_reply_through_one_server_shows_at_once_through_the_other_leaving_the_agenda_cached(
    two_servers,
):
    (first, second), member, discussion = two_servers
    thread = f"/discussions/{discussion.pk}/"
    visitor = requests.Session()
    cached(visitor, f"{second}{thread}")
    cached(visitor, f"{second}/agenda/")
    cached(visitor, f"{first}{thread}")
    person = sign_in(first, member)

    reply(person, first, discussion, "Je viens jeudi, par le premier serveur.")
    seen = visitor.get(f"{second}{thread}")
    assert "Je viens jeudi, par le premier serveur." in page_text(seen)
    assert visitor.get(f"{second}/agenda/").headers["X-Page-Cache"] == "hit"

    cached(visitor, f"{first}{thread}")
    reply(person, second, discussion, "Et moi vendredi, par le second.")
    assert "Et moi vendredi, par le second." in page_text(visitor.get(f"{first}{thread}"))
