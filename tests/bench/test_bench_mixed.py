"""The mixed load: replies at a steady pace, a report that fails on any slow, failed or stale
answer, and threads left as they were. No server is started: the members are stand-ins."""

import time

import pytest
from bench_reports import page, results

from bench import mixed, run
from bench.mixed import (
    MIXED_MARK,
    Poster,
    Seat,
    delete_replies,
    is_stale,
    mixed_checks,
    schedule,
    summarize,
)
from bench.run import markdown_table
from civic.dialogue.services import discussions


@pytest.fixture(autouse=True)
def no_earlier_run(monkeypatch):
    """The report compares with this machine's earlier runs (var/bench): none here."""
    monkeypatch.setattr(run, "other_scale_run", lambda results: None)


def test_five_replies_a_second_are_spread_evenly_over_the_members():
    offsets = schedule(rate=5, members=3, seconds=2)

    assert offsets == [[0.0, 0.6, 1.2, 1.8], [0.2, 0.8, 1.4], [0.4, 1.0, 1.6]]


def test_the_schedule_is_bounded_in_count_and_in_time():
    offsets = schedule(rate=5, members=4, seconds=3.3)
    every = sorted(offset for member in offsets for offset in member)

    assert len(every) == 16
    assert every[-1] < 3.3


def record(visible_after, *, sent=True, missed_reads=0, cached_before=True):
    return {
        "sent": sent,
        "visible_after": visible_after,
        "missed_reads": missed_reads,
        "cached_before": cached_before,
    }


def test_a_reply_not_shown_within_a_second_is_stale():
    assert not is_stale(0.2)
    assert not is_stale(1.0)
    assert is_stale(1.2)
    assert is_stale(None)


def test_the_summary_counts_stale_replies_apart_from_failures_and_the_worst_time_to_visible():
    records = [record(0.03), record(0.05, missed_reads=1), record(None, missed_reads=20)]
    records.append(record(None, sent=False, cached_before=False))
    records.append({**record(None), "error": "HTTP 502 for an anonymous visitor"})

    failures = ["reply not published", "HTTP 502 for an anonymous visitor"]
    replies = summarize(records, planned=5, seconds=1.0, failures=failures)

    assert replies["sent"] == 4
    assert replies["rate"] == 4.0
    assert replies["failures"] == 2
    assert replies["stale"] == 1
    assert replies["missed_reads"] == 21
    assert replies["cached_before"] == 4
    assert replies["worst_visible_ms"] == 50.0
    assert replies["median_visible_ms"] == 40.0


class StandIn:
    """A member whose sign-in always works, without a server."""

    def __init__(self, base_url, seat):
        self.seat = seat

    def sign_in(self):
        pass


def test_the_poster_sends_its_replies_at_their_times_and_no_more(monkeypatch):
    sent_at = []
    monkeypatch.setattr(mixed, "Member", StandIn)

    def reply_and_check(self, member, token):
        sent_at.append(time.monotonic() - self.started)
        return record(0.01)

    monkeypatch.setattr(Poster, "_reply_and_check", reply_and_check)
    seats = [Seat(f"u{n}@bench.parvis.localhost", f"/discussions/{n}/") for n in range(3)]
    poster = Poster("http://127.0.0.1:1", seats, rate=20, seconds=0.5)

    poster.start()
    time.sleep(0.7)
    poster.stop()

    assert len(poster.records) == poster.planned == 10
    for due, actual in zip([n / 20 for n in range(10)], sorted(sent_at), strict=True):
        assert due <= actual < due + 0.2  # late only by the machine's scheduling


def test_stopping_the_poster_ends_its_replies_early(monkeypatch):
    monkeypatch.setattr(mixed, "Member", StandIn)
    monkeypatch.setattr(Poster, "_reply_and_check", lambda self, member, token: record(0.01))
    poster = Poster("http://127.0.0.1:1", [Seat("u1@bench.parvis.localhost", "/d/")], seconds=60)

    poster.start()
    time.sleep(0.3)
    poster.stop()

    assert 1 <= len(poster.records) <= 3
    assert poster.elapsed() < 1


def mixed_page(name, rps, p99, *, errors=0):
    return {
        "name": name,
        "path": "/",
        "rps": rps,
        "p50_ms": 5.0,
        "p99_ms": p99,
        "errors": errors,
        "non_2xx": 0,
        "requests": 1000,
        "ratio": round(rps / 400, 3),
    }


def mixed_run(pages, **replies):
    return {
        "rate": 5,
        "members": 10,
        "visible_within_s": 1.0,
        "pages": pages,
        "replies": {
            "planned": 100,
            "sent": 100,
            "rate": 4.98,
            "failures": 0,
            "failure_examples": [],
            "stale": 0,
            "missed_reads": 0,
            "cached_before": 97,
            "worst_visible_ms": 41.5,
            "median_visible_ms": 12.0,
            **replies,
        },
    }


def test_a_mixed_load_meeting_every_target_is_reported_with_its_table():
    table = markdown_table(
        results(
            [page("ceiling", 400, 20, 1)],
            mixed=mixed_run([mixed_page("home", 300, 60), mixed_page("agenda", 250, 80)]),
        )
    )

    assert "not met" not in table
    assert "| home | 300 | 5.0 | 60.0 | 0.75 | 0 |" in table
    assert "Replies: 100 sent at 4.98/s (at most 100, " in table
    assert "0 failed, 0 stale; worst time to visible 41.5 ms (median 12.0 ms)" in table
    assert "| mixed load: anonymous pages ≥ 50% of the ceiling | agenda | 0.625 | met |" in table
    assert "| mixed load: every reply on its thread within 1 s | — | 0 stale | met |" in table


def test_a_slow_page_under_the_mixed_load_misses_its_targets():
    table = markdown_table(
        results(
            [page("ceiling", 400, 20, 1)],
            mixed=mixed_run([mixed_page("home", 60, 450), mixed_page("agenda", 250, 80)]),
        )
    )

    assert (
        "| mixed load: anonymous pages ≥ 50% of the ceiling | home | 0.15 | **not met** |" in table
    )
    assert "| mixed load: anonymous pages p99 < 100 ms | home | 450 | **not met** |" in table


def test_one_stale_reply_or_one_error_fails_the_mixed_load():
    stale = mixed_checks(mixed_run([mixed_page("home", 300, 60)], stale=1))
    failed = mixed_checks(mixed_run([mixed_page("home", 300, 60, errors=1)]))
    refused = mixed_checks(mixed_run([mixed_page("home", 300, 60)], failures=1))

    assert ("mixed load: every reply on its thread within 1 s", "—", "1 stale", False) in stale
    assert ("mixed load: zero errors (pages and replies)", "—", 1, False) in failed
    assert ("mixed load: zero errors (pages and replies)", "—", 1, False) in refused


def test_a_mixed_load_that_sent_no_reply_cannot_pass_for_fresh():
    checks = mixed_checks(mixed_run([mixed_page("home", 300, 60)], sent=0, failures=10))

    assert ("mixed load: every reply on its thread within 1 s", "—", "0 stale", False) in checks


def test_a_run_without_a_mixed_load_reports_no_mixed_rows():
    table = markdown_table(results([page("ceiling", 400, 20, 1)], mixed=None))

    assert "mixed load" not in table.lower()


def test_the_mixed_load_leaves_the_threads_as_the_seeder_left_them(thread):
    opener = thread.author
    discussions.reply(user=opener, discussion=thread, body="En avril.")
    for n in range(3):
        discussions.reply(user=opener, discussion=thread, body=f"{MIXED_MARK} mixte-ab-0-{n} : oui")

    delete_replies()

    thread.refresh_from_db()
    assert list(thread.posts.values_list("body", flat=True)) == ["Quand ?", "En avril."]
    assert thread.reply_count == 1
