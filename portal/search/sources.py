"""The searchable kinds of content, registered when the portal starts (portal/apps.py).

Portal pages and news go through Wagtail's search index (French stemming on PostgreSQL, accents
ignored everywhere: pages index an accent-free copy of their text). Civic and agenda content is
matched word by word, accents and case aside, on each app's public queryset.
"""

import re

from django.apps import apps
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from civic.common.text import normalize
from civic.dialogue.models.discussions import Discussion
from civic.dialogue.models.groups import CivicGroup
from civic.identity.levels import TrustLevel
from civic.participation.models import Petition, Proposal
from civic.people.models import Profile
from portal.models import NewsPage
from portal.models.news import news_queryset
from portal.search.registry import SearchSource, register
from portal.search.text import filter_normalized_words
from portal.visibility import public

_WORDS = re.compile(r"\w+")


def _wagtail_search(queryset, query):
    # Words only: SQLite's full-text syntax fails on an unclosed quote and other operators.
    text = " ".join(_WORDS.findall(normalize(query)))
    if not text:
        return queryset.none()
    return queryset.search(text, operator="and")


def search_pages(request, query):
    pages = public(Page.objects.live()).not_type(NewsPage).filter(depth__gt=1)
    return _wagtail_search(pages, query)


def search_news(request, query):
    return _wagtail_search(news_queryset().order_by(), query)


# ?niveau=association|elected: the profiles of one level of trust (the public ones are verified).
LEVEL_PARAMETER = "niveau"
PUBLIC_LEVELS = (TrustLevel.ASSOCIATION, TrustLevel.ELECTED)


def search_profiles(request, query):
    # Only the profiles anyone may see: verified associations and elected officials.
    profiles = Profile.objects.public().with_related()
    level = request.GET.get(LEVEL_PARAMETER, "")
    if level in PUBLIC_LEVELS:
        profiles = profiles.filter(trust_level=level)
    return filter_normalized_words(profiles, query, "search_text").order_by("display_name", "pk")


def search_groups(request, query):
    groups = CivicGroup.objects.visible().select_related("territory", "theme")
    return (
        filter_normalized_words(groups, query, "search_text")
        .annotate(title_rank=title_match("name", query))
        .order_by("title_rank", "-last_activity_at", "pk")
    )


def search_discussions(request, query):
    discussions = Discussion.objects.visible().select_related("group__territory")
    # Most recently active first, as the `discussion_activity` index walks them: PostgreSQL stops
    # at the first matches instead of sorting all of them (pinning orders a group's own list only).
    return filter_normalized_words(discussions, query, "search_text").order_by(
        "-last_activity_at", "-pk"
    )


def search_proposals(request, query):
    proposals = Proposal.objects.visible().select_related("territory")
    return filter_normalized_words(proposals, query, "search_text").order_by("-created_at", "-pk")


def search_petitions(request, query):
    petitions = Petition.objects.visible().select_related("collectivity")
    return filter_normalized_words(petitions, query, "search_text").order_by("-created_at", "-pk")


def title_match(field, query):
    """0 when `field` is the query itself, 1 when it starts with it, 2 when it holds it, 3 when
    only the rest of the text does (case aside): titles that match come first."""
    text = " ".join(query.split())
    return Case(
        When(**{f"{field}__iexact": text}, then=Value(0)),
        When(**{f"{field}__istartswith": text}, then=Value(1)),
        When(**{f"{field}__icontains": text}, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def search_events(request, query):
    """Public events matching every word: those whose title matches first, then the upcoming
    ones by their next date, then the past ones, the latest first. Each with `next_start`."""
    event_model = apps.get_model("agenda", "Event")
    occurrence_model = apps.get_model("agenda", "Occurrence")
    now = timezone.now()
    next_start = occurrence_model.objects.filter(event=OuterRef("pk"), ends_at__gt=now).order_by(
        "starts_at"
    )
    events = event_model.objects.public().select_related("commune")
    return (
        filter_normalized_words(events, query, "search_text")
        .annotate(
            next_start=Subquery(next_start.values("starts_at")[:1]),
            title_rank=title_match("title", query),
        )
        .order_by(
            "title_rank",
            F("next_start").asc(nulls_last=True),
            F("last_ends_at").desc(nulls_last=True),
            "-pk",
        )
    )


def _model_available(app_label, model_name):
    def available():
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        return True

    return available


def register_portal_sources():
    register(
        SearchSource(
            key="pages",
            label=_("Pages du portail"),
            search=search_pages,
            template="portal/search/items/page.html",
            order=10,
        )
    )
    register(
        SearchSource(
            key="actualites",
            label=_("Actualités"),
            search=search_news,
            template="portal/search/items/news.html",
            order=20,
        )
    )
    register(
        SearchSource(
            key="agenda",
            label=_("Agenda"),
            search=search_events,
            template="portal/search/items/event.html",
            order=30,
            available=_model_available("agenda", "Event"),
        )
    )
    register(
        SearchSource(
            key="groupes",
            label=_("Groupes"),
            search=search_groups,
            template="portal/search/items/group.html",
            order=40,
            available=_model_available("civic", "CivicGroup"),
        )
    )
    register(
        SearchSource(
            key="discussions",
            label=_("Discussions"),
            search=search_discussions,
            template="portal/search/items/discussion.html",
            order=50,
            available=_model_available("civic", "Discussion"),
        )
    )
    register(
        SearchSource(
            key="propositions",
            label=_("Propositions"),
            search=search_proposals,
            template="portal/search/items/proposal.html",
            order=52,
        )
    )
    register(
        SearchSource(
            key="petitions",
            label=_("Pétitions"),
            search=search_petitions,
            template="portal/search/items/petition.html",
            order=54,
        )
    )
    register(
        SearchSource(
            key="profils",
            label=_("Associations et élus"),
            search=search_profiles,
            template="portal/search/items/profile.html",
            order=60,
        )
    )
