"""Keeping the precomputed occurrences, and each event's last end, in step with their events."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from agenda.models import DateChange, Event, Occurrence
from agenda.recurrence import event_instances
from civic.signals import announce_content_changed


def occurrences_for(
    event: Event,
    *,
    until: datetime | None = None,
    changes: Iterable[DateChange] | None = None,
) -> list[Occurrence]:
    """The event's dates, each changed on its own as `changes` say (read when not given)."""
    if changes is None:
        changes = DateChange.objects.filter(event=event) if event.has_own_dates and event.pk else []
    by_start = {change.recurrence_id: change for change in changes}
    occurrences = []
    for instance in event_instances(event, until=until):
        change = by_start.get(instance.starts_at)
        if change is None:
            occurrences.append(
                Occurrence(event=event, starts_at=instance.starts_at, ends_at=instance.ends_at)
            )
            continue
        occurrences.append(
            Occurrence(
                event=event,
                starts_at=change.starts_at or instance.starts_at,
                ends_at=change.ends_at or instance.ends_at,
                recurrence_id=instance.starts_at,
                cancelled=change.cancelled,
                venue_name=change.venue_name,
                venue_address=change.venue_address,
            )
        )
    return occurrences


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
    changes: dict[int, list[DateChange]] = {}
    own_dates = [e.pk for e in events if e.has_own_dates]
    for change in DateChange.objects.filter(event__in=own_dates) if own_dates else []:
        changes.setdefault(change.event_id, []).append(change)
    rows: list[Occurrence] = []
    for event in events:
        occurrences = occurrences_for(event, changes=changes.get(event.pk, []))
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
