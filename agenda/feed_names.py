"""Whether the names a feed shows beside its events changed: categories, communes, groups.

A feed's ETag follows its events and their organisers' profiles (EventQuerySet.feed_state). A
category, a commune or a group renamed touches no event, yet the feeds show the new name (their
kept VEVENTs are rebuilt, see agenda.ical): without this, a calendar asking « changed since? »
would be told « no » and keep the old name, and the body cached under the ETag would serve it.

So a version in the shared cache stands for these names: a token and the moment it was made.
Any save or deletion of those models, or a bulk change announced with
civic.signals.content_changed, replaces it, now and again once the transaction commits (in
between, another request may read the old rows under the new version). Its token is part of every
feed's ETag, and so of its cached body's key; its moment bounds the feed's Last-Modified from
below, for calendars that only ask « modified since? ». A cache emptied gives a new version: each
calendar then downloads its feed once more, never a stale one.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

KEY = "agenda:feeds:names"


def names_version():
    """(token, moment) of the names' last change seen."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _new_version(), timeout=None)
        version = cache.get(KEY)
    return version


def _new_version():
    return (uuid.uuid4().hex, timezone.now())


def _renew():
    cache.set(KEY, _new_version(), timeout=None)


def names_changed():
    _renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_renew)


def _on_model_change(sender, **kwargs):
    if not kwargs.get("raw"):  # fixtures loading
        names_changed()


def _on_content_changed(sender, **kwargs):
    if sender in _named_models():
        names_changed()


def _named_models():
    from agenda.models import EventCategory
    from civic.models import CivicGroup, Territory

    return (EventCategory, CivicGroup, Territory)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from civic.signals import content_changed

    for model in _named_models():
        for signal in (post_save, post_delete):
            signal.connect(_on_model_change, sender=model, dispatch_uid="agenda_feed_names")
    content_changed.connect(_on_content_changed, dispatch_uid="agenda_feed_names")
