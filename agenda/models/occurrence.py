"""Dated instances of events, precomputed so that every listing is a plain indexed query.

A single event has one occurrence; a recurring one has one per instance from its start up to
`HORIZON` ahead (refreshed on each save and daily by `refresh_calendars`).
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models.functions import Coalesce
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

    def with_places(self) -> Self:
        """Each occurrence with its event's capacity (None without registrations) and the
        places taken on its date, read in the same query as the listing."""
        if "places_taken" in self.query.annotations:
            return self
        from agenda.models.registration import Registration

        taken = (
            Registration.objects.filter(
                event=models.OuterRef("event"),
                date=models.OuterRef("starts_at"),
                status=Registration.Status.REGISTERED,
            )
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            capacity=models.F("event__registration_opening__capacity"),
            registrations_open=models.F("event__registration_opening__is_open"),
            places_taken=Coalesce(
                models.Subquery(taken), models.Value(0), output_field=models.IntegerField()
            ),
        )

    def with_free_places(self) -> Self:
        """Occurrences still taking registrations, with a place left (« avec places »)."""
        now = timezone.now()
        return (
            self.with_places()
            .filter(
                registrations_open=True,
                cancelled=False,
                starts_at__gt=now,
                places_taken__lt=models.F("capacity"),
            )
            .filter(
                models.Q(event__registration_opening__closes_at__isnull=True)
                | models.Q(event__registration_opening__closes_at__gt=now)
            )
        )

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
    # A date changed on its own (agenda.models.DateChange): its start as the rule gives it,
    # whether it is cancelled, and where it is held when not at the event's place.
    recurrence_id = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)

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
    def places_left(self):
        """Places left on this date when registrations are open (with_places()), else None."""
        if not getattr(self, "registrations_open", None) or self.capacity is None:
            return None
        return max(0, self.capacity - self.places_taken)

    @property
    def is_multi_day(self):
        return self.last_day != timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        end = timezone.localtime(self.ends_at)
        if self.event.all_day or (end.hour, end.minute, end.second) == (0, 0, 0):
            end = end - timedelta(microseconds=1)
        return max(end.date(), timezone.localtime(self.starts_at).date())
