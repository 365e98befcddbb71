"""Whether the names a feed shows beside its events changed: categories, communes, groups, the
council's name.

A feed's ETag follows its events and their organisers' profiles (EventQuerySet.feed_state). A
category, a commune or a group renamed touches no event, yet the feeds show the new name (their
kept VEVENTs are rebuilt, see agenda.ical): without this, a calendar asking « changed since? »
would be told « no » and keep the old name, and the body cached under the ETag would serve it.

So a version in the shared cache stands for these names: a token and the moment it was made.
A save of a followed model that may change a name shown (any save but one limited to other
fields), a deletion, or a bulk change announced with civic.signals.content_changed replaces it,
now and again once the transaction commits (in between, another request may read the old rows
under the new version). Its token is part of every feed's ETag, and so of its cached body's key;
its moment bounds the feed's Last-Modified from below, for calendars that only ask « modified
since? ». A cache emptied gives a new version: each calendar then downloads its feed once more,
never a stale one. As for the page cache, the workers see one another's changes only through a
cache they share (Redis in production; each process has its own with the memory cache).
"""

import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

KEY = "agenda:feeds:names"
# The models whose names the feeds show, and those names' fields (agenda.ical).
FOLLOWED = {
    "agenda.EventCategory": ("name",),
    "civic.CivicGroup": ("name", "slug"),
    "civic.Territory": ("name",),
}
_followed_models = set()


def names_version():
    """(token, moment) of the names' last change seen."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _new_version(), timeout=None)
        # A cache that keeps nothing (DummyCache) gives a new version each time: never a 304.
        version = cache.get(KEY) or _new_version()
    return version


def _clock():
    return timezone.now()


def _new_version(after=None):
    # HTTP dates count whole seconds: a version replaced within the second it was made gets a
    # later one, so that « modified since? » is answered « yes ».
    moment = _clock() if after is None else max(_clock(), after + timedelta(seconds=1))
    return (uuid.uuid4().hex, moment)


def _renew(after=None):
    version = _new_version(after)
    cache.set(KEY, version, timeout=None)
    return version


def names_changed():
    _token, moment = _renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _renew(after=moment))


def follow(model, fields):
    """Renew the version when `model` is deleted, or saved with any of `fields` possibly changed."""
    from django.db.models.signals import post_delete, post_save

    def on_save(sender, raw=False, update_fields=None, **kwargs):
        if not raw and (update_fields is None or set(update_fields) & set(fields)):
            names_changed()

    def on_delete(sender, **kwargs):
        names_changed()

    uid = f"agenda_feed_names:{model._meta.label_lower}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)
    _followed_models.add(model)


def _on_content_changed(sender, **kwargs):
    if sender in _followed_models:
        names_changed()


def connect_signals():
    from django.apps import apps

    from civic.signals import content_changed

    for label, fields in FOLLOWED.items():
        follow(apps.get_model(label), fields)
    content_changed.connect(_on_content_changed, dispatch_uid="agenda_feed_names")
