"""RSS and Atom feeds of an index page: news, acts (django.contrib.syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_SIZE = 20


class IndexPageFeed(Feed):
    """An RSS feed of the items below an index page (news, acts): its title, introduction and
    address are the page's. The items are handed in: this module stays below the page models."""

    feed_type = Rss201rev2Feed
    size = FEED_SIZE

    def __init__(self, index_page, entries):
        super().__init__()
        self.index_page = index_page
        self.entries = entries

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.introduction or self.index_page.title

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.entries[: self.size]

    def item_link(self, item):
        return item.get_full_url(self.request)


class NewsRssFeed(IndexPageFeed):
    """A news index's items, newest first for everyone: a feed reader has no commune."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
