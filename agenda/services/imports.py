"""Importing calendars: from an uploaded file or a subscribed address, always in one transaction.

Events are matched on their UID within the calendar source: a new UID is created, a changed
event updated (its SEQUENCE incremented), an event gone from the source cancelled, and an
unchanged one left alone, so that importing the same file twice changes nothing. Imported
events belong to the source's organiser and follow the same publication rules as typed ones.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from agenda import ical, permissions
from agenda.ical_reader import read_calendar
from agenda.models import (
    CalendarSource,
    CalendarUpload,
    CategoryMapping,
    Event,
    EventCategory,
    EventChangeLog,
)
from agenda.services.fetching import FetchError, fetch_calendar
from agenda.services.occurrences import refresh_occurrences_of
from agenda.services.reports import ImportReport
from civic.common.text import normalize
from civic.territories.models import Territory
from civic.territories.settings import root_territory

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from agenda.ical_reader import ParsedEvent

logger = logging.getLogger(__name__)

# Set on events cancelled because they left their source: they come back if they reappear.
REMOVED_FROM_SOURCE = "Retiré du calendrier d'origine."


@transaction.atomic
def create_source(
    *,
    owner: "User",
    name: str,
    url: str = "",
    organiser_kind: str = Event.OrganiserKind.PROFILE,
    **options: Any,
) -> CalendarSource:
    if not permissions.can_import_calendar(owner):
        raise PermissionDenied
    if organiser_kind == Event.OrganiserKind.COUNCIL and not permissions.can_organise_for_council(
        owner
    ):
        raise PermissionDenied
    source = CalendarSource(
        owner=owner, name=name[:200], url=url, organiser_kind=organiser_kind, **options
    )
    if organiser_kind == Event.OrganiserKind.PROFILE:
        source.organiser_profile = owner.profile
    source.save()
    return source


def delete_source(*, source: CalendarSource, user: "User", cancel_events: bool = False) -> None:
    """Stop following a calendar. Its events stay, unless the owner asks to cancel them."""
    if not permissions.can_manage_source(user, source):
        raise PermissionDenied
    with transaction.atomic():
        if cancel_events:
            cancelled = list(source.events.filter(status=Event.Status.PUBLISHED))
            _cancel(
                cancelled, ImportReport(), user, note=_("Calendrier d'origine retiré du portail.")
            )
            ical.store_vevents_of(e.pk for e in cancelled)
        source.delete()


def import_calendar(
    *,
    source: CalendarSource,
    data: bytes,
    user: "User | None" = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import `data` (bytes of an .ics file) into `source`. Returns the ImportReport.

    All or nothing: a report with an error changed nothing, and neither did a crash.
    """
    user = user or source.owner
    now = now or timezone.now()
    if not permissions.can_import_calendar(user):
        report = ImportReport(
            error=_(
                "seuls les associations vérifiées et l'équipe du portail importent des calendriers."
            )
        )
        return _store_report(source, report, now)
    try:
        parsed, report = read_calendar(data, now=now)
        if not report.error:
            with transaction.atomic():
                _apply(source, parsed, report, user, now)
    except Exception:
        # Whatever went wrong, the transaction was rolled back: say so rather than fail.
        logger.exception("Import of calendar source %s failed", source.pk)
        report = ImportReport(
            error=_(
                "une erreur inattendue a interrompu la lecture du calendrier ; l'équipe du "
                "portail en est informée."
            )
        )
    return _store_report(source, report, now)


def _store_report(source: CalendarSource, report: ImportReport, now: datetime) -> ImportReport:
    if report.error:
        outcome = CalendarSource.Outcome.FAILED
    elif report.refused:
        outcome = CalendarSource.Outcome.PARTIAL
    else:
        outcome = CalendarSource.Outcome.OK
    failed = outcome == CalendarSource.Outcome.FAILED
    changes: dict[str, Any] = {"consecutive_failures": F("consecutive_failures") + 1}
    if not failed:
        # A paused subscription read again by hand (« Actualiser ») resumes.
        changes = {"consecutive_failures": 0, "is_active": True, "imported_once": True}
    CalendarSource.objects.filter(pk=source.pk).update(
        last_fetched_at=now, last_outcome=outcome, last_report=report.as_dict(), **changes
    )
    source.last_fetched_at, source.last_outcome, source.last_report = (
        now,
        outcome,
        report.as_dict(),
    )
    source.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if (
        failed
        and source.is_subscription
        and source.is_active
        and source.consecutive_failures >= CalendarSource.FAILURES_BEFORE_PAUSE
    ):
        pause_subscription(source=source, report=report)
    return report


def forget_failed_first_imports(*, now: datetime | None = None) -> int:
    """Calendars added whose imports all failed, left for a day: removed (the person saw the
    report, and may add the calendar again), rather than listed for ever as « Échec »."""
    now = now or timezone.now()
    before = now - timedelta(hours=CalendarSource.FAILED_FIRST_KEPT_HOURS)
    return (
        CalendarSource.objects.filter(
            imported_once=False,
            last_outcome=CalendarSource.Outcome.FAILED,
            import_state=CalendarSource.ImportState.IDLE,
            created_at__lt=before,
        )
        .filter(events__isnull=True)
        .delete()[0]
    )


def pause_subscription(*, source: CalendarSource, report: ImportReport) -> None:
    """A subscription failing again and again stops being read; its owner is told why and how
    to start it again (« Actualiser » on its page)."""
    CalendarSource.objects.filter(pk=source.pk).update(is_active=False)
    source.is_active = False
    owner = source.owner
    if not owner.email:
        return
    context = {
        "source": source,
        "person": owner,
        "error": report.error,
        "failures": source.consecutive_failures,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("agenda:import_source", kwargs={"pk": source.pk}),
    }
    subject = render_to_string("agenda/emails/subscription_paused_subject.txt", context).strip()
    body = render_to_string("agenda/emails/subscription_paused_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [owner.email]))


class _Places:
    """Communes of the portal's territory, loaded once per import to place events by LOCATION."""

    def __init__(self, default: Territory | None) -> None:
        self.default = default
        self._by_postal: dict[str, list[Territory]] | None = None
        self._by_name: dict[str, list[Territory]] | None = None

    def _load(self) -> None:
        communes = Territory.objects.communes()
        root = root_territory()
        if root is not None:
            communes = communes.within(root)
        self._by_postal, self._by_name = {}, {}
        for commune in communes.only("pk", "name", "search_name", "postal_codes"):
            for code in commune.postal_codes.split():
                self._by_postal.setdefault(code, []).append(commune)
            self._by_name.setdefault(commune.search_name, []).append(commune)

    def commune_for(self, location: str) -> Territory | None:
        if not location:
            return self.default
        if self._by_postal is None:
            self._load()
        assert self._by_postal is not None and self._by_name is not None
        text = normalize(location)
        for word in text.split():
            if len(word) == 5 and word.isdigit() and word in self._by_postal:
                candidates = self._by_postal[word]
                named = [c for c in candidates if c.search_name in text]
                if len(candidates) == 1 or len(named) == 1:
                    return candidates[0] if len(candidates) == 1 else named[0]
        for part in reversed([normalize(p) for p in location.split(",")]):
            part = " ".join(w for w in part.split() if not w.isdigit())
            if len(self._by_name.get(part, [])) == 1:
                return self._by_name[part][0]
        return self.default


class _Categories:
    def __init__(self, default: EventCategory | None) -> None:
        self.default = default
        self.by_name: dict[str, EventCategory] = {}
        # Names read that match no category nor staff's mapping: named in the report.
        self.unknown: set[str] = set()
        for category in EventCategory.objects.all():
            self.by_name[normalize(category.name)] = category
            self.by_name[category.slug.replace("-", " ")] = category
        for mapping in CategoryMapping.objects.select_related("category"):
            self.by_name[normalize(mapping.name)] = mapping.category

    def category_for(self, names: Iterable[str]) -> EventCategory | None:
        names = list(names)
        for name in names:
            found = self.by_name.get(normalize(name))
            if found is not None:
                return found
        self.unknown.update(name.strip() for name in names if name.strip())
        return self.default


def _fields(parsed: "ParsedEvent", places: _Places, categories: _Categories) -> dict[str, Any]:
    venue_name, _, venue_address = parsed.location.partition(",")
    return {
        "title": parsed.title,
        "description": parsed.description,
        "starts_at": parsed.starts_at,
        "ends_at": parsed.ends_at,
        "all_day": parsed.all_day,
        "rrule": parsed.rrule,
        "exdates": parsed.exdates,
        "rdates": parsed.rdates,
        "venue_name": venue_name.strip()[:200],
        "venue_address": venue_address.strip()[:300],
        "commune": places.commune_for(parsed.location),
        "more_info_url": parsed.url,
        "category": categories.category_for(parsed.categories),
    }


def _apply(
    source: CalendarSource,
    parsed_events: Sequence["ParsedEvent"],
    report: ImportReport,
    user: "User",
    now: datetime,
) -> None:
    places = _Places(source.default_commune)
    categories = _Categories(source.default_category)
    existing = {event.uid: event for event in source.events.all()}
    new_uids = [p.uid for p in parsed_events if p.uid not in existing]
    taken: set[str] = set()
    for start in range(0, len(new_uids), 500):
        taken.update(
            Event.objects.filter(uid__in=new_uids[start : start + 500]).values_list(
                "uid", flat=True
            )
        )
    publish = permissions.can_publish_directly(source.owner)
    created: list[Event] = []
    touched: list[Event] = []
    logs: list[EventChangeLog] = []
    seen: set[str] = set()
    for parsed in parsed_events:
        seen.add(parsed.uid)
        event = existing.get(parsed.uid)
        fingerprint = parsed.fingerprint()
        if event is None:
            if parsed.uid in taken:
                report.refuse(
                    parsed.title,
                    _("il figure déjà dans l'agenda du portail, importé ou saisi par ailleurs."),
                )
                continue
            if parsed.cancelled:
                report.refuse(parsed.title, _("il est annulé dans le calendrier d'origine."))
                continue
            event = Event(
                uid=parsed.uid,
                origin=Event.Origin.IMPORT,
                source=source,
                source_fingerprint=fingerprint,
                organiser_kind=source.organiser_kind,
                organiser_profile_id=source.organiser_profile_id,
                created_by=source.owner,
                status=Event.Status.PUBLISHED if publish else Event.Status.SUBMITTED,
                submitted_at=now,
                published_at=now if publish else None,
                **_fields(parsed, places, categories),
            )
            event.slug = slugify(event.title)[:220].strip("-") or "evenement"
            created.append(event)
            report.created.append(parsed.title)
            continue
        restoring = (
            event.status == Event.Status.CANCELLED
            and event.cancellation_reason == REMOVED_FROM_SOURCE
            and not parsed.cancelled
        )
        if event.source_fingerprint == fingerprint and not restoring:
            report.unchanged += 1
            continue
        fields = _fields(parsed, places, categories)
        changed = {name for name, value in fields.items() if getattr(event, name) != value}
        for name in changed:
            setattr(event, name, fields[name])
        event.source_fingerprint = fingerprint
        action = EventChangeLog.Action.IMPORTED
        if parsed.cancelled and event.status == Event.Status.PUBLISHED:
            event.status = Event.Status.CANCELLED
            event.cancellation_reason = _("Annulé dans le calendrier d'origine.")
            action = EventChangeLog.Action.CANCELLED
            report.cancelled.append(parsed.title)
        elif restoring:
            event.status = Event.Status.PUBLISHED
            event.cancellation_reason = ""
            action = EventChangeLog.Action.RESTORED
            report.restored.append(parsed.title)
        else:
            report.updated.append(parsed.title)
        event.sequence += 1
        event.save()
        touched.append(event)
        logs.append(_log(event, action, user, changed))
    if categories.unknown:
        report.note(
            _(
                "Catégories inconnues du portail : %(names)s. La catégorie par défaut du "
                "calendrier leur est appliquée ; l'équipe du portail peut les faire correspondre "
                "à une catégorie (administration, « Correspondances de catégories »)."
            )
            % {"names": ", ".join(sorted(categories.unknown)[:10])}
        )
    Event.objects.bulk_create(created, batch_size=500)
    created = [e for e in created if e.pk] or list(
        Event.objects.filter(uid__in=[e.uid for e in created])
    )
    logs += [
        _log(
            e,
            EventChangeLog.Action.PUBLISHED if publish else EventChangeLog.Action.SUBMITTED,
            user,
            (),
        )
        for e in created
    ]
    EventChangeLog.objects.bulk_create(logs, batch_size=500)
    refresh_occurrences_of(created + touched)
    gone = [
        e
        for uid, e in existing.items()
        if uid not in seen and e.status == Event.Status.PUBLISHED and _not_over(e, now)
    ]
    _cancel(gone, report, user, note=REMOVED_FROM_SOURCE)
    _store_vevents_later([e.pk for e in created + touched + gone if e.is_public])
    if created and not publish:
        report.submitted_for_review = True


def _store_vevents_later(pks: list[int]) -> None:
    """The feeds' VEVENTs of the events an import wrote, built by the background worker once
    the import is committed: thousands take seconds that the person importing need not wait
    for. Until then (or without a worker) a feed builds those it needs itself."""
    if not pks:
        return
    # Robust: a queue that fails leaves the work to the feeds, it never fails the import.
    transaction.on_commit(lambda: store_vevents.enqueue(pks), robust=True)


def _not_over(event: Event, now: datetime) -> bool:
    return event.occurrences.filter(ends_at__gt=now).exists()


def _cancel(events: list[Event], report: ImportReport, user: "User | None", *, note: str) -> None:
    for event in events:
        event.status = Event.Status.CANCELLED
        event.cancellation_reason = note
        event.sequence += 1
        event.save()
        report.cancelled.append(event.title)
    EventChangeLog.objects.bulk_create(
        [_log(e, EventChangeLog.Action.CANCELLED, user, (), note=note) for e in events]
    )


def _log(
    event: Event, action: str, user: "User | None", fields: Iterable[str], note: str = ""
) -> EventChangeLog:
    return EventChangeLog(
        event=event,
        action=action,
        fields=sorted(fields),
        note=note,
        user=user,
        user_name=(user.get_full_name() or user.get_username()) if user else "",
    )


# Subscriptions.


def refresh_source(*, source: CalendarSource, now: datetime | None = None) -> ImportReport:
    """Fetch a subscribed calendar and import it. Never raises for a bad calendar."""
    now = now or timezone.now()
    if not permissions.can_import_calendar(source.owner):
        report = ImportReport(
            error=_(
                "le compte qui a ajouté ce calendrier ne peut plus importer d'événements "
                "(association non vérifiée ou compte désactivé)."
            )
        )
        return _store_report(source, report, now)
    try:
        data = fetch_calendar(source.url)
    except FetchError as error:
        return _store_report(source, ImportReport(error=str(error)), now)
    return import_calendar(source=source, data=data, now=now)


def queue_import(
    *,
    source: CalendarSource,
    data: bytes | None = None,
    user: "User | None" = None,
    now: datetime | None = None,
) -> bool:
    """Hand the source's next import to the background worker: `data` (the bytes of an uploaded
    file) read, or else the subscribed address fetched. The person never waits for either.

    Returns False, queuing nothing, while an import of the source is already queued or running:
    two clicks make one import. An import lost by a stopped worker blocks only for
    AGENDA_IMPORT_STUCK_MINUTES.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            CalendarSource.objects.filter(pk=source.pk)
            .free_to_import(now)
            .update(import_state=CalendarSource.ImportState.QUEUED, import_queued_at=now)
        )
        if not claimed:
            return False
        if data is not None:
            CalendarUpload.objects.update_or_create(
                source=source,
                defaults={"data": data, "uploaded_by": user, "uploaded_at": now},
            )
        # The database backend stores the task in this transaction: both or neither.
        refresh_calendar_source.enqueue(source.pk)
    source.import_state, source.import_queued_at = CalendarSource.ImportState.QUEUED, now
    return True


def run_queued_import(*, source_id: int) -> ImportReport | None:
    """The worker's side of queue_import: the waiting file imported, else the address fetched
    and imported. Returns the ImportReport, None when there was nothing to do."""
    now = timezone.now()
    claimed = (
        CalendarSource.objects.filter(pk=source_id)
        .waiting_for_worker(now)
        .update(import_state=CalendarSource.ImportState.RUNNING, import_queued_at=now)
    )
    if not claimed:
        return None  # the source is gone, already imported, or being imported by another worker
    source = CalendarSource.objects.get(pk=source_id)
    try:
        upload = CalendarUpload.objects.filter(source=source).first()
        if upload is not None:
            report = import_calendar(
                source=source, data=bytes(upload.data), user=upload.uploaded_by or source.owner
            )
            # A file sent meanwhile (this run taken as lost) stays for its own import.
            CalendarUpload.objects.filter(pk=upload.pk, uploaded_at=upload.uploaded_at).delete()
        elif source.is_subscription:
            report = refresh_source(source=source)
        else:
            report = None
    except Exception:
        # The person waits for a report: an unforeseen failure gets one too.
        logger.exception("Queued import of calendar source %s failed", source_id)
        report = _store_report(
            source,
            ImportReport(
                error=_(
                    "une erreur inattendue a interrompu l'import ; l'équipe du portail en est "
                    "informée."
                )
            ),
            now,
        )
    finally:
        # Unless an import was queued again meanwhile (this run taken as lost): it stays queued.
        CalendarSource.objects.filter(pk=source_id, import_queued_at=now).update(
            import_state=CalendarSource.ImportState.IDLE, import_queued_at=None
        )
    return report


def due_sources(
    now: datetime | None = None, every: timedelta | None = None
) -> "QuerySet[CalendarSource]":
    """Subscriptions not read since `every` (default AGENDA_REFRESH_EVERY, 6 hours)."""
    now = now or timezone.now()
    every = every or getattr(settings, "AGENDA_REFRESH_EVERY", timedelta(hours=6))
    return (
        CalendarSource.objects.filter(is_active=True)
        .exclude(url="")
        .filter(Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lt=now - every))  # type: ignore[operator]
    )


# Background work (django-tasks, database backend, run by `manage.py db_worker`), beside the
# functions that queue it.


@task()
def refresh_calendar_source(source_id: int) -> str | None:
    """Import one calendar source queued by queue_import: the file uploaded for it, or its
    subscribed address fetched. The report is kept on the source."""
    report = run_queued_import(source_id=source_id)
    return report.summary() if report is not None else None


@task()
def store_vevents(event_ids: list[int]) -> int:
    """Build the feeds' VEVENTs of events written in bulk (an import); returns how many."""
    return len(ical.store_vevents_of(event_ids))
