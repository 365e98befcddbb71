"""Keeping the precomputed occurrences in step with their events."""

from django.db import transaction

from agenda.models import Event, Occurrence
from agenda.recurrence import event_instances
from civic.signals import announce_content_changed


def occurrences_for(event, *, until=None):
    return [
        Occurrence(event=event, starts_at=i.starts_at, ends_at=i.ends_at)
        for i in event_instances(event, until=until)
    ]


@transaction.atomic
def refresh_occurrences(event, *, until=None):
    """Replace the event's occurrences with those its dates and rule give now."""
    Occurrence.objects.filter(event=event).delete()
    Occurrence.objects.bulk_create(occurrences_for(event, until=until), batch_size=500)
    announce_content_changed(Occurrence)


@transaction.atomic
def refresh_occurrences_of(events):
    """The same for many events at once (imports, demo data): two statements per batch."""
    events = list(events)
    Occurrence.objects.filter(event__in=[e.pk for e in events]).delete()
    rows = [row for event in events for row in occurrences_for(event)]
    Occurrence.objects.bulk_create(rows, batch_size=1000)
    # Imports create their events with bulk_create too: this tells caches about both.
    announce_content_changed(Occurrence)
    return len(rows)


def extend_horizon():
    """Roll the recurring events' occurrences forward (run daily by `refresh_calendars`)."""
    recurring = Event.objects.exclude(rrule="").filter(
        status__in=[*Event.PUBLIC_STATUSES, Event.Status.SUBMITTED]
    )
    count = 0
    for start in range(0, recurring.count(), 500):
        batch = list(recurring.order_by("pk")[start : start + 500])
        count += refresh_occurrences_of(batch)
    return count
