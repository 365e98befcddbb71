"""Every benchmark run replies in the same long discussion, as the seeder left it."""

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from factories import make_member

from bench.run import requester, signed_in_client, wrk_env
from bench.targets import BENCH_REPLY, Target, join_the_long_discussion
from civic.dialogue.models.groups import Membership
from civic.dialogue.services import discussions


@pytest.fixture
def visitor(creil):
    return make_member(first_name="Vic", last_name="Banc", commune=creil)


def test_a_new_run_starts_from_the_thread_without_the_replies_of_the_last_one(thread, visitor):
    join_the_long_discussion(visitor)
    assert Membership.objects.filter(group=thread.group, user=visitor).exists()
    own_words = discussions.reply(user=visitor, discussion=thread, body="En avril.")
    for _ in range(3):  # the last run's load
        discussions.reply(user=visitor, discussion=thread, body=BENCH_REPLY)

    join_the_long_discussion(visitor)

    thread.refresh_from_db()
    assert list(thread.posts.values_list("body", flat=True)) == ["Quand ?", own_words.body]
    assert thread.reply_count == 1


def test_the_load_replies_as_a_visitor_who_read_each_confirmation(thread, visitor):
    join_the_long_discussion(visitor)
    target = Target(
        "post_reply",
        thread.get_absolute_url() + "repondre/",
        signed_in=True,
        method="POST",
        body={"body": BENCH_REPLY},
    )
    client = signed_in_client(visitor)
    reply = requester(client, target)

    for _ in range(3):
        assert reply().status_code == 302

    assert thread.posts.filter(body=BENCH_REPLY).count() == 3
    # One confirmation waits to be shown, not three: each reply starts as after reading the last.
    next_request = HttpRequest()
    next_request.COOKIES["messages"] = client.cookies["messages"].value
    assert [str(message) for message in CookieStorage(next_request)] == [
        "Votre réponse est publiée."
    ]
    cookie = wrk_env(client, target)["BENCH_COOKIE"]
    assert "sessionid=" in cookie and "csrftoken=" in cookie
    assert "messages=" not in cookie
