"""The mixed load: members reply in several groups while anonymous visitors browse.

Each anonymous page is driven by wrk, one after the other as in the page-by-page run (so its
requests/s compare with the ceiling's), while a poster in this process sends replies at a steady
rate for the whole time. The poster's members sign in through the real sign-in form, one member a
thread, each thread in its own group. After each reply, its thread is read anonymously (as the page
cache serves it) until the reply's unique text shows: a reply not shown within a second is stale.
"""

import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin

import requests
from django.conf import settings
from django.urls import reverse

from bench.load import run_wrk
from bench.seed import BENCH_PASSWORD, bench_accounts
from bench.targets import the_long_discussion
from civic.dialogue.services.discussions import refresh_counters
from civic.dialogue.views.helpers import LAST_PAGE
from civic.models import Discussion, Membership, Post

# The anonymous pages browsed while members post (names of bench.targets' targets).
MIXED_PAGES = ("home", "agenda", "event", "group", "directory_filtered")
REPLY_RATE = 5  # replies per second, all members together
MEMBERS = 10  # one member a thread, each thread in its own group
VISIBLE_WITHIN = 1.0  # seconds from the reply's answer to an anonymous read showing it
READ_INTERVAL = 0.05  # seconds between two reads of a thread that does not show the reply yet
WARM_UP = 2  # seconds of load on each page before it is measured, as in the page-by-page run
REQUEST_TIMEOUT = 10  # seconds: no request of the poster waits longer
# Each run's replies start with these words, by which they are deleted (see delete_replies).
MIXED_MARK = "Réponse du banc d'essai mixte"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class MixedLoadError(Exception):
    pass


@dataclass
class Seat:
    """A member and the thread they reply in."""

    email: str
    thread_path: str


def prepare_seats(bench_user, members=MEMBERS):
    """Up to `members` seats, each in a thread of its own group (the long discussion is left to the
    page-by-page run). Earlier runs' replies are deleted and each member is made an active member
    of their thread's group."""
    long_discussion = the_long_discussion()
    threads, groups = [], set()
    candidates = Discussion.objects.exclude(pk=getattr(long_discussion, "pk", None)).filter(
        consultation__isnull=True  # a closed consultation takes no replies
    )
    for discussion in candidates.order_by("-group_id", "pk").iterator(chunk_size=200):
        if discussion.group_id not in groups and not discussion.is_hidden:
            groups.add(discussion.group_id)
            threads.append(discussion)
        if len(threads) == members:
            break
    delete_replies()
    accounts = (
        bench_accounts().exclude(pk=getattr(bench_user, "pk", None)).order_by("-pk")[: len(threads)]
    )
    seats = []
    for discussion, account in zip(threads, accounts, strict=False):
        Membership.objects.update_or_create(
            group_id=discussion.group_id,
            user=account,
            defaults={"status": Membership.Status.ACTIVE},
        )
        seats.append(Seat(account.email, discussion.get_absolute_url()))
    return seats


def delete_replies():
    """The mixed load's replies, deleted: before it, should a run have been interrupted, and after
    it, so that what is measured next (and the next run) finds the threads as the seeder left them."""
    replies = Post.objects.filter(body__startswith=MIXED_MARK)
    touched = set(replies.values_list("discussion_id", flat=True))
    if touched:
        replies.delete()
        for discussion in Discussion.objects.filter(pk__in=touched):
            refresh_counters(discussion)


def schedule(*, rate, members, seconds):
    """Per member, the offsets (seconds from the start) of their replies: reply n is due at n / rate
    and goes to member n modulo `members`, so that the replies are evenly spread in time and among
    the threads. No more than rate × seconds replies, none due at or after `seconds`."""
    count = int(rate * seconds)
    offsets = [[] for _ in range(members)]
    for n in range(count):
        offsets[n % members].append(n / rate)
    return offsets


def token_of(cookies):
    return cookies.get(settings.CSRF_COOKIE_NAME, "")


class Member:
    """A member of the portal in a browser of their own: a requests.Session signed in through the
    sign-in form."""

    def __init__(self, base_url, seat):
        self.base_url = base_url
        self.seat = seat
        self.session = requests.Session()
        # Django checks that a form sent through TLS comes from a page of the same origin.
        origin = "https://" + base_url.split("://", 1)[1]
        self.session.headers.update({**PROXY_HEADERS, "Referer": origin + "/"})

    def request(self, method, path, data=None):
        response = self.session.request(
            method, self.base_url + path, data=data, allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        # The portal's cookies are Secure: still sent on loopback HTTP, since the poster says it
        # came through TLS, as the load generator does (X-Forwarded-Proto).
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def sign_in(self):
        self.request("GET", reverse("account_login"))
        response = self.request(
            "POST",
            reverse("account_login"),
            {
                "login": self.seat.email,
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": token_of(self.session.cookies),
            },
        )
        if response.status_code != 302 or settings.SESSION_COOKIE_NAME not in self.session.cookies:
            raise MixedLoadError(
                f"{self.seat.email}: sign-in refused (HTTP {response.status_code})"
            )

    def reply(self, text):
        """Post `text` in the seat's thread; return the address the portal leads to, where the
        reply shows."""
        # The confirmation is read on the page the reply leads to (see bench.run.requester).
        self.session.cookies.pop("messages", None)
        response = self.request(
            "POST",
            self.seat.thread_path + "repondre/",
            {"body": text, "csrfmiddlewaretoken": token_of(self.session.cookies)},
        )
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "#message-" not in location:
            raise MixedLoadError(
                f"{self.seat.thread_path}: reply not published (HTTP {response.status_code}"
                f"{', to ' + location if location else ''})"
            )
        return urljoin(self.base_url, location.split("#")[0])


def read_anonymously(url):
    """(page text, whether the page cache answered) of one visit without cookies."""
    response = requests.get(url, headers=PROXY_HEADERS, timeout=REQUEST_TIMEOUT)
    if response.status_code != 200:
        raise MixedLoadError(f"{url}: HTTP {response.status_code} for an anonymous visitor")
    return response.text, response.headers.get("X-Page-Cache") == "hit"


def wait_until_visible(url, text, answered_at, *, within=VISIBLE_WITHIN):
    """(seconds from `answered_at` to the end of the first read showing `text` or None if none
    did within `within`, reads that did not show it)."""
    missed = 0
    while True:
        page, _cached = read_anonymously(url)
        elapsed = time.monotonic() - answered_at
        if text in page:
            return elapsed, missed
        missed += 1
        if elapsed >= within:
            return None, missed
        time.sleep(READ_INTERVAL)


def is_stale(visible_after, within=VISIBLE_WITHIN):
    return visible_after is None or visible_after > within


class Poster:
    """Members replying at `rate` replies/s for at most `seconds`, each reply followed by its
    check; one thread per member. stop() ends it early (between two replies)."""

    def __init__(self, base_url, seats, *, rate=REPLY_RATE, seconds):
        self.base_url = base_url
        self.seats = seats
        self.rate = rate
        self.seconds = seconds
        self.planned = int(rate * seconds)
        self.run_id = uuid.uuid4().hex[:8]
        self.records = []  # one dict per reply attempted, appended by the members' threads
        self.failures = []  # what went wrong, for the report
        self._stop = threading.Event()
        self._threads = []
        self.started = self.stopped = None

    def start(self):
        members = []
        for seat in self.seats:
            member = Member(self.base_url, seat)
            try:
                member.sign_in()
            except (MixedLoadError, requests.RequestException) as error:
                self.failures.append(str(error))
            else:
                members.append(member)
        self.started = time.monotonic()
        if not members:
            return
        offsets = schedule(rate=self.rate, members=len(members), seconds=self.seconds)
        for index, (member, due) in enumerate(zip(members, offsets, strict=True)):
            thread = threading.Thread(
                target=self._post, args=(member, index, due, self.started), daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT * 3)
        self.stopped = time.monotonic()

    def elapsed(self):
        return self.stopped - self.started if self.started and self.stopped else 0.0

    def _post(self, member, index, due, started):
        for number, offset in enumerate(due):
            if self._stop.wait(max(0.0, started + offset - time.monotonic())):
                return
            token = f"mixte-{self.run_id}-{index}-{number}"
            self.records.append(self._reply_and_check(member, token))

    def _reply_and_check(self, member, token):
        record = {"sent": False, "visible_after": None, "missed_reads": 0, "cached_before": False}
        try:
            thread_url = self.base_url + member.seat.thread_path + f"?page={LAST_PAGE}"
            _page, record["cached_before"] = read_anonymously(thread_url)
            url = member.reply(f"{MIXED_MARK} {token} : je serai là samedi.")
            answered_at = time.monotonic()
            record["sent"] = True
            record["visible_after"], record["missed_reads"] = wait_until_visible(
                url, token, answered_at
            )
        except (MixedLoadError, requests.RequestException) as error:
            record["error"] = str(error)
            self.failures.append(str(error))
        return record


def summarize(records, *, planned, seconds, failures=()):
    """The poster's figures for the report, from its records (see Poster._reply_and_check)."""
    sent = [r for r in records if r["sent"]]
    visible = [r["visible_after"] for r in sent if r["visible_after"] is not None]
    return {
        "planned": planned,
        "sent": len(sent),
        "rate": round(len(sent) / seconds, 2) if seconds else 0.0,
        "failures": len(failures),
        "failure_examples": list(failures)[:3],
        # A read that failed is counted with the failures, not as a stale page.
        "stale": sum(is_stale(r["visible_after"]) for r in sent if "error" not in r),
        "missed_reads": sum(r["missed_reads"] for r in sent),
        "cached_before": sum(r["cached_before"] for r in sent),
        "worst_visible_ms": round(max(visible) * 1000, 1) if visible else None,
        "median_visible_ms": round(statistics.median(visible) * 1000, 1) if visible else None,
    }


def run_mixed(server, targets, *, ceiling_rps, bench_user, duration, connections, stdout):
    """Each of MIXED_PAGES under wrk while the poster replies; None when nothing can be posted."""
    pages = [targets[name] for name in MIXED_PAGES if name in targets]
    seats = prepare_seats(bench_user)
    if not pages or not seats:
        return None
    # The poster outlasts the pages' load (wrk's start and stop take a moment); stopped after it.
    seconds = len(pages) * (WARM_UP + duration + 2)
    poster = Poster(server.base_url, seats, seconds=seconds)
    poster.start()
    rows = []
    try:
        for target in pages:
            url = server.base_url + target.path
            run_wrk(url, duration=WARM_UP, connections=connections)
            measure = run_wrk(url, duration=duration, connections=connections)
            ratio = round(measure["rps"] / ceiling_rps, 3) if ceiling_rps else None
            rows.append({"name": target.name, "path": target.path, **measure, "ratio": ratio})
            stdout.write(
                f"  {target.name}: {measure['rps']:.0f} req/s, p99 {measure['p99_ms']:.1f} ms, "
                f"{ratio if ratio is not None else '—'} du plafond"
            )
    finally:
        poster.stop()
        delete_replies()
    replies = summarize(
        poster.records,
        planned=poster.planned,
        seconds=poster.elapsed(),
        failures=poster.failures,
    )
    stdout.write(
        f"  réponses : {replies['sent']} envoyées ({replies['rate']}/s), {replies['failures']} "
        f"échecs, {replies['stale']} périmées, visible au pire en {replies['worst_visible_ms']} ms"
    )
    return {
        "rate": REPLY_RATE,
        "members": len(seats),
        "visible_within_s": VISIBLE_WITHIN,
        "pages": rows,
        "replies": replies,
    }


def mixed_lines(mixed, *, duration, connections):
    """The mixed load's section of the report: its pages, then the poster's figures."""
    replies = mixed["replies"]
    lines = [
        "",
        f"Mixed load: {mixed['members']} members, each signed in through the sign-in form, reply "
        f"{mixed['rate']} times a second in all, each in a thread of their own group, while wrk "
        f"drives each page below in turn ({duration} s, {connections} connections). After each "
        "reply its thread is read anonymously, as the page cache serves it, until the reply shows "
        f"(stale: not shown within {mixed['visible_within_s']:g} s).",
        "",
        "| page | req/s | p50 ms | p99 ms | ratio to ceiling | errors + non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in mixed["pages"]:
        ratio = row["ratio"] if row["ratio"] is not None else "—"
        lines.append(
            f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{ratio} | {row['errors'] + row['non_2xx']} |"
        )
    worst = replies["worst_visible_ms"]
    lines += [
        "",
        f"Replies: {replies['sent']} sent at {replies['rate']}/s (at most {replies['planned']}, "
        "the poster stopping with the pages' load), "
        f"{replies['failures']} failed, {replies['stale']} stale; worst time to visible "
        f"{worst if worst is not None else '—'} ms (median {replies['median_visible_ms'] or '—'} "
        f"ms), {replies['missed_reads']} reads without the reply; the thread came from the page "
        f"cache just before {replies['cached_before']} of them.",
    ]
    if replies["failure_examples"]:
        lines.append("Failures, for example: " + "; ".join(replies["failure_examples"]) + ".")
    return lines


def mixed_checks(mixed):
    """The mixed load's rows of the targets' table: (label, worst page, figure, met)."""
    pages = mixed["pages"]
    replies = mixed["replies"]
    checks = []
    ratios = [p for p in pages if p["ratio"] is not None]
    if ratios:
        worst = min(ratios, key=lambda p: p["ratio"])
        checks.append(
            (
                "mixed load: anonymous pages ≥ 50% of the ceiling",
                worst["name"],
                worst["ratio"],
                worst["ratio"] >= 0.5,
            )
        )
    if pages:
        worst = max(pages, key=lambda p: p["p99_ms"])
        checks.append(
            (
                "mixed load: anonymous pages p99 < 100 ms",
                worst["name"],
                round(worst["p99_ms"], 1),
                worst["p99_ms"] < 100,
            )
        )
    errors = sum(p["errors"] + p["non_2xx"] for p in pages) + replies["failures"]
    checks.append(("mixed load: zero errors (pages and replies)", "—", errors, errors == 0))
    checks.append(
        (
            f"mixed load: every reply on its thread within {mixed['visible_within_s']:g} s",
            "—",
            f"{replies['stale']} stale",
            replies["stale"] == 0 and replies["sent"] > 0,
        )
    )
    return checks
