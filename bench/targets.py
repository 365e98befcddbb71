"""The pages the benchmark measures, resolved against the seeded database.

A page whose feature is missing from this build is reported as such, not silently skipped.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from agenda.models import Event
from bench.participation import participation_targets
from bench.polls import bench_polls
from bench.seed import BENCH_DOMAIN, bench_accounts
from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.groups import CivicGroup, Membership
from civic.dialogue.services.discussions import refresh_counters
from civic.territories.models import Territory


@dataclass
class Target:
    name: str
    path: str
    signed_in: bool = False
    method: str = "GET"
    body: dict = field(default_factory=dict)
    anonymous_page: bool = True  # held to the 50% target (signed-in pages: 25%)
    # False for a feed: the issue holds pages to a share of the ceiling, and feeds to their own
    # timings (see bench.timings). Its row is reported all the same.
    held_to_ratio: bool = True
    # For a POST: the rows it writes, counted before and after its first request (a refused
    # request writes none and is reported as such).
    written: Callable[[], int] = field(default=lambda: Post.objects.count())


# What the signed-in visitor posts, again and again, in the long discussion.
BENCH_REPLY = "Merci pour ces informations, je serai présent."
# Words the seeded data holds (discussion titles, association names), so that the search has
# results to count and show at every scale, as a visitor's would.
SEARCH_QUERY = "jardin partagé"
PLACE_QUERY = {"format": "json", "q": "sain"}


def _first(queryset):
    return queryset.order_by("pk").first()


def the_long_discussion():
    """The seeder's 1,000-post discussion: the last one it creates (polls' aside)."""
    return Discussion.objects.filter(consultation__isnull=True).order_by("-pk").first()


def resolve_targets(*, bench_user=None):
    """Targets as (Target | None, reason) pairs, in report order."""
    departement = _first(Territory.objects.filter(kind="departement", code="60"))
    big_commune = (
        Territory.objects.within(departement).communes().order_by("-population").first()
        if departement
        else None
    )
    epci = big_commune.ancestors().filter(kind="epci").first() if big_commune else None
    targets = [
        (Target("ceiling", "/bench/plafond/"), ""),
        (Target("home", "/"), ""),
    ]

    try:
        event = Event.objects.published().order_by("pk").first()
        targets.append((Target("agenda", "/agenda/"), ""))
        if big_commune:
            targets.append(
                (
                    Target(
                        "agenda_filtered",
                        f"/agenda/?territory={epci.pk if epci else big_commune.pk}&free=on",
                    ),
                    "",
                )
            )
            targets.append(
                (
                    Target(
                        "agenda_ics_commune",
                        f"/agenda/ical/?territory={big_commune.pk}",
                        held_to_ratio=False,
                    ),
                    "",
                )
            )
        targets.append(
            (Target("event", event.get_absolute_url()), "") if event else (None, "no event")
        )
    except (ImportError, AttributeError) as error:
        targets.append((None, f"agenda: {error}"))

    try:
        group = CivicGroup.objects.order_by("-pk").first()
        if group is not None:
            targets.append((Target("group", group.get_absolute_url()), ""))
        long_discussion = the_long_discussion()
        if long_discussion is not None:
            targets.append((Target("discussion_long", long_discussion.get_absolute_url()), ""))
            targets.append(
                (
                    Target(
                        "post_reply",
                        long_discussion.get_absolute_url() + "repondre/",
                        signed_in=True,
                        method="POST",
                        body={"body": BENCH_REPLY},
                        anonymous_page=False,
                    ),
                    "",
                )
            )
        poll = bench_polls().order_by("pk").first()
        targets.append(
            (Target("poll_results", f"/discussions/{poll.discussion_id}/resultats/"), "")
            if poll is not None
            else (None, "no poll")
        )
        targets.append(
            (
                Target(
                    "near_me_signed_in", "/pres-de-chez-moi/", signed_in=True, anonymous_page=False
                ),
                "",
            )
        )
        # « Mon fil » of a member following 20 things (follow_twenty_things).
        targets.append((Target("my_feed", "/mon-fil/", signed_in=True, anonymous_page=False), ""))
    except (ImportError, AttributeError) as error:
        targets.append((None, f"dialogue: {error}"))

    territory = epci or big_commune
    targets.append(
        (Target("directory_filtered", f"/annuaire/?kind=association&territory={territory.pk}"), "")
        if territory
        else (None, "no territory")
    )
    targets.append((Target("search", f"/recherche/?{urlencode({'q': SEARCH_QUERY})}"), ""))
    targets += participation_targets(bench_user)
    if departement is not None:
        from bench.reports import report_targets

        targets.extend(report_targets(departement, big_commune))
    # The « Où » combobox's search (its target is in docs/performance.md), by the first
    # letters of a name (anywhere in the name: the trigram index on PostgreSQL) and by postal code.
    targets.append(
        (
            Target(
                "place_search", f"/territoires/lieux/?{urlencode(PLACE_QUERY)}", held_to_ratio=False
            ),
            "",
        )
    )
    if big_commune is not None and big_commune.postal_codes:
        postal = {"format": "json", "q": big_commune.postal_code_list[0]}
        targets.append(
            (
                Target(
                    "place_search_postal",
                    f"/territoires/lieux/?{urlencode(postal)}",
                    held_to_ratio=False,
                ),
                "",
            )
        )
    return targets


def the_bench_visitor():
    """The signed-in visitor of the benchmark: the seeder's last account."""
    accounts = bench_accounts()
    return accounts.get(email=f"u{accounts.count() - 1}@{BENCH_DOMAIN}")


def join_the_long_discussion(user):
    """The signed-in visitor of the benchmark replies in the long discussion: a member's reply,
    not a refusal. The replies of earlier runs go first, so that every run measures the same
    thread (it would otherwise grow by some thousand posts a run)."""
    discussion = the_long_discussion()
    if discussion is None:
        return
    Membership.objects.get_or_create(group_id=discussion.group_id, user=user)
    earlier = Post.objects.filter(discussion=discussion, author=user, body=BENCH_REPLY)
    if earlier.exists():
        earlier.delete()
        refresh_counters(discussion)


def follow_twenty_things(user):
    """The benchmark's visitor follows 20 things for « Mon fil »: the most populous communes,
    the newest groups, news themes, event categories and people, as many of each as there are
    (communes fill the rest). Idempotent."""
    from agenda.models import EventCategory
    from civic.dialogue.models.discussions import Follow
    from civic.feed.models import Interest
    from portal.models import NewsPageTag

    Interest.objects.filter(user=user).delete()
    Follow.objects.filter(follower=user).delete()
    people = list(
        bench_accounts().exclude(pk=user.pk).order_by("pk").values_list("pk", flat=True)[:3]
    )
    Follow.objects.bulk_create([Follow(follower=user, followed_id=pk) for pk in people])
    rows = [
        (Interest.Kind.GROUP, pk)
        for pk in CivicGroup.objects.order_by("-pk").values_list("pk", flat=True)[:5]
    ]
    rows += [
        (Interest.Kind.NEWS_THEME, pk)
        for pk in NewsPageTag.tag_model().objects.order_by("pk").values_list("pk", flat=True)[:3]
    ]
    rows += [
        (Interest.Kind.EVENT_CATEGORY, pk)
        for pk in EventCategory.objects.order_by("pk").values_list("pk", flat=True)[:3]
    ]
    communes = Territory.objects.communes().order_by("-population").values_list("pk", flat=True)
    rows += [(Interest.Kind.TERRITORY, pk) for pk in communes[: 20 - len(people) - len(rows)]]
    Interest.objects.bulk_create(
        [Interest(user=user, kind=kind, target_id=pk) for kind, pk in rows]
    )
