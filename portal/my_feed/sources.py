"""« Mon fil »: what happened in what a member follows, newest first, from every app.

The portal assembles it, as the layer that may read civic, the agenda and its own pages. Each
source is one query whatever the number of follows (their keys go in `IN (…)` lists and a
territory brings the places inside it through a subquery of the containment table), reading
at most the items the page asked for; the sources are then merged by date.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agenda.models import Event
from civic.dialogue.models.discussions import Follow, OfficialAnswer, Post
from civic.feed.models import Interest
from civic.territories.models import TerritoryLink
from portal.models import NewsPage
from portal.models.news import NewsPageTag
from portal.visibility import public

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

PER_PAGE = 20
# Deeper than this, each source would read too many rows for one page: the feed stops there.
MAX_PAGES = 10


@dataclass
class Followed:
    """What one member follows, as keys (two queries)."""

    territories: list[int] = field(default_factory=list)
    news_themes: list[int] = field(default_factory=list)
    event_categories: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, user: "AbstractBaseUser") -> "Followed":
        followed = cls()
        by_kind: dict[str, list[int]] = {
            Interest.Kind.TERRITORY: followed.territories,
            Interest.Kind.NEWS_THEME: followed.news_themes,
            Interest.Kind.EVENT_CATEGORY: followed.event_categories,
            Interest.Kind.GROUP: followed.groups,
        }
        for kind, target_id in Interest.objects.filter(user=user.pk).values_list(
            "kind", "target_id"
        ):
            by_kind[kind].append(target_id)
        followed.people = list(
            Follow.objects.filter(follower=user.pk).values_list("followed_id", flat=True)
        )
        return followed

    def __bool__(self) -> bool:
        return any(
            (
                self.territories,
                self.news_themes,
                self.event_categories,
                self.groups,
                self.people,
            )
        )

    def places(self) -> QuerySet[TerritoryLink, int]:
        """The followed territories and every place inside them, as a subquery."""
        return TerritoryLink.objects.filter(ancestor__in=self.territories).values_list(
            "descendant_id", flat=True
        )


@dataclass
class Entry:
    kind: str
    label: Any
    at: datetime
    title: str
    url: str
    summary: str = ""
    where: str = ""
    who: str = ""
    obj: Any = None


def _news(followed: Followed, limit: int, user_id: int) -> list[Entry]:
    match = Q()
    if followed.territories:
        match |= Q(territory__in=followed.places())
    if followed.news_themes:
        tagged = NewsPageTag.objects.filter(tag_id__in=followed.news_themes)
        match |= Q(pk__in=tagged.values("content_object_id"))
    if not match:
        return []
    pages = (
        public(NewsPage.objects.live())
        .filter(match, first_published_at__isnull=False)
        .select_related("territory")
        .order_by("-first_published_at", "-pk")[:limit]
    )
    return [
        Entry(
            kind="news",
            label=_("Actualité"),
            at=page.first_published_at,
            title=page.title,
            url="",  # the template asks Wagtail ({% pageurl %}), with the request's site
            summary=page.summary,
            where=page.territory.name if page.territory else "",
            obj=page,
        )
        for page in pages
    ]


def _events(followed: Followed, limit: int, user_id: int) -> list[Entry]:
    match = Q()
    if followed.territories:
        match |= Q(commune__in=followed.places())
    if followed.event_categories:
        match |= Q(category__in=followed.event_categories)
    if followed.groups:
        match |= Q(organiser_kind=Event.OrganiserKind.GROUP, organiser_group__in=followed.groups)
    if followed.people:
        match |= Q(
            organiser_kind=Event.OrganiserKind.PROFILE,
            organiser_profile__user__in=followed.people,
        )
    if not match:
        return []
    events = (
        Event.objects.published()
        .filter(match, published_at__isnull=False)
        .select_related("commune", "category")
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        Entry(
            kind="event",
            label=_("Événement"),
            at=event.published_at,  # type: ignore[arg-type]  # filtered: never null here
            title=event.title,
            url=event.get_absolute_url(),
            summary=event.description,
            where=event.commune.name if event.commune else "",
            obj=event,
        )
        for event in events
    ]


def _in_groups(followed: Followed, prefix: str) -> Q:
    match = Q()
    if followed.groups:
        match |= Q(**{f"{prefix}group__in": followed.groups})
    if followed.territories:
        match |= Q(**{f"{prefix}group__territory__in": followed.places()})
    return match


def _visible_discussion(prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}is_hidden": False,
            f"{prefix}opening_approved": True,
            f"{prefix}group__is_hidden": False,
        }
    )


def _posts(followed: Followed, limit: int, user_id: int) -> list[Entry]:
    match = _in_groups(followed, "discussion__")
    if followed.people:
        match |= Q(author__in=followed.people)
    if not match:
        return []
    posts = (
        Post.objects.published()
        .filter(match, _visible_discussion("discussion__"), deleted_by_author=False)
        .exclude(author=user_id)
        .select_related(
            "discussion__group", "discussion__consultation", "author__profile__home_commune"
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    entries = []
    for post in posts:
        discussion = post.discussion
        consultation = getattr(discussion, "consultation", None) if post.is_opening else None
        if consultation is not None:
            kind, label = "consultation", _("Consultation")
        elif post.is_opening:
            kind, label = "discussion", _("Discussion")
        else:
            kind, label = "reply", _("Réponse")
        entries.append(
            Entry(
                kind=kind,
                label=label,
                at=post.created_at,
                title=discussion.title,
                url=post.get_absolute_url(),
                summary=post.body,
                where=discussion.group.name,
                who=post.author.profile.display_name if post.author else "",
                obj=post,
            )
        )
    return entries


def _answers(followed: Followed, limit: int, user_id: int) -> list[Entry]:
    # An official answer closes a consultation or answers a discussion: either thread counts.
    in_consultation = _in_groups(followed, "consultation__discussion__")
    in_discussion = _in_groups(followed, "discussion__")
    if not in_consultation:
        return []
    answers = (
        OfficialAnswer.objects.filter(
            (in_consultation & _visible_discussion("consultation__discussion__"))
            | (in_discussion & _visible_discussion("discussion__"))
        )
        .select_related("consultation__discussion__group", "discussion__group")
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        Entry(
            kind="answer",
            label=_("Réponse officielle"),
            at=answer.published_at,
            title=answer.thread.title,
            url=answer.thread.get_absolute_url(),
            summary=answer.body,
            where=answer.thread.group.name,
            who=answer.author_label,
            obj=answer,
        )
        for answer in answers
    ]


SOURCES = (_news, _events, _posts, _answers)


@dataclass
class FeedPage:
    entries: list[Entry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def feed_page(user: "AbstractBaseUser", number: int = 1) -> tuple[Followed, FeedPage]:
    """Page `number` of `user`'s feed: two queries for the follows, one per source."""
    number = max(1, min(number, MAX_PAGES))
    followed = Followed.of(user)
    if not followed:
        return followed, FeedPage([], number, False)
    limit = number * PER_PAGE + 1
    entries: list[Entry] = []
    for source in SOURCES:
        entries.extend(source(followed, limit, user.pk))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    start = (number - 1) * PER_PAGE
    has_next = len(entries) > start + PER_PAGE and number < MAX_PAGES
    return followed, FeedPage(entries[start : start + PER_PAGE], number, has_next)
