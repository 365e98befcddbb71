"""Keeping the precomputed occurrences, and each event's last end, in step with their events."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from agenda.models import Event, Occurrence
from agenda.recurrence import event_instances
from civic.signals import announce_content_changed


def occurrences_for(event: Event, *, until: datetime | None = None) -> list[Occurrence]:
    return [
        Occurrence(event=event, starts_at=i.starts_at, ends_at=i.ends_at)
        for i in event_instances(event, until=until)
    ]


def last_end(occurrences: Iterable[Occurrence]) -> datetime | None:
    """When the last of `occurrences` ends, None if there is none (Event.last_ends_at)."""
    return max((o.ends_at for o in occurrences), default=None)


@transaction.atomic
def refresh_occurrences(event: Event, *, until: datetime | None = None) -> None:
    """Replace the event's occurrences with those its dates and rule give now."""
    occurrences = occurrences_for(event, until=until)
    Occurrence.objects.filter(event=event).delete()
    Occurrence.objects.bulk_create(occurrences, batch_size=500)
    event.last_ends_at = last_end(occurrences)
    # update(): the event's own change (updated_at, its kept VEVENT) is its save's, not this.
    Event.objects.filter(pk=event.pk).update(last_ends_at=event.last_ends_at)
    announce_content_changed(Occurrence)


@transaction.atomic
def refresh_occurrences_of(events: Iterable[Event]) -> int:
    """The same for many events at once (imports, demo data): three statements per batch."""
    events = list(events)
    Occurrence.objects.filter(event__in=[e.pk for e in events]).delete()
    rows: list[Occurrence] = []
    for event in events:
        occurrences = occurrences_for(event)
        event.last_ends_at = last_end(occurrences)
        rows += occurrences
    Occurrence.objects.bulk_create(rows, batch_size=1000)
    Event.objects.bulk_update(events, ["last_ends_at"], batch_size=500)
    # Imports create their events with bulk_create too: this tells caches about both.
    announce_content_changed(Occurrence)
    return len(rows)


def extend_horizon() -> int:
    """Roll the recurring events' occurrences forward (run daily by `refresh_calendars`)."""
    recurring = Event.objects.exclude(rrule="").filter(
        status__in=[*Event.PUBLIC_STATUSES, Event.Status.SUBMITTED]
    )
    count = 0
    for start in range(0, recurring.count(), 500):
        batch = list(recurring.order_by("pk")[start : start + 500])
        count += refresh_occurrences_of(batch)
    return count
