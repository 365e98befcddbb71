"""Dated instances of events, precomputed so that every listing is a plain indexed query.

A single event has one occurrence; a recurring one has one per instance from its start up to
`HORIZON` ahead (refreshed on each save and daily by `refresh_calendars`).
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Self

from django.db import models
from django.utils import timezone

from agenda.models.event import Event
from civic.territories.models import places_within
from civic.territories.proximity import Vicinity, located_in

if TYPE_CHECKING:
    from agenda.models.category import EventCategory
    from civic.territories.models import Territory


class OccurrenceQuerySet(models.QuerySet["Occurrence"]):
    def between(self, start: datetime, end: datetime) -> Self:
        """Occurrences that overlap [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def upcoming(self, now: datetime | None = None) -> Self:
        return self.filter(ends_at__gt=now or timezone.now())

    def public(self) -> Self:
        return self.filter(event__status__in=Event.PUBLIC_STATUSES)

    def published(self) -> Self:
        return self.filter(event__status=Event.Status.PUBLISHED)

    def within(self, territory: "Territory") -> Self:
        """Occurrences of events whose commune lies in `territory` (the communes listed: see
        civic.territories.models.places_within)."""
        return self.filter(event__commune__in=places_within(territory))

    def with_event(self) -> Self:
        return self.select_related("event__category", "event__commune", "event__organiser_profile")

    def coming_up(
        self,
        *,
        category: "EventCategory | None" = None,
        territory: "Territory | None" = None,
        near: "Vicinity | None" = None,
        now: datetime | None = None,
    ) -> Self:
        """Public occurrences not yet over, of a category and in a territory when given, those
        near the visitor (`near`, a Vicinity) first (the portal's « prochains événements » block)."""
        occurrences = self.public().upcoming(now).with_event()
        if category is not None:
            occurrences = occurrences.filter(event__category=category)
        if territory is not None:
            occurrences = occurrences.within(territory)
        return occurrences.most_specific_first(near)

    def most_specific_first(self, vicinity: "Vicinity | None") -> Self:
        """Occurrences in the visitor's commune first, then elsewhere in its EPCI, its
        département, its région, the rest; soonest first inside each level."""
        level = located_in("event__commune", vicinity)
        return self.annotate(specificity=level).order_by("specificity", "starts_at", "pk")


class Occurrence(models.Model):
    event = models.ForeignKey("agenda.Event", on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="occurrence_start"),
            models.Index(fields=["ends_at"], name="occurrence_end"),
            models.Index(fields=["event", "starts_at"], name="occurrence_event_start"),
            # Whether an event still has a date to come, read from the index alone (feeds).
            models.Index(fields=["event", "ends_at"], name="occurrence_event_end"),
        ]

    def __str__(self):
        return f"{self.event} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def is_multi_day(self):
        return self.last_day != timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        end = timezone.localtime(self.ends_at)
        if self.event.all_day or (end.hour, end.minute, end.second) == (0, 0, 0):
            end = end - timedelta(microseconds=1)
        return max(end.date(), timezone.localtime(self.starts_at).date())
