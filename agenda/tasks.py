"""Background work of the agenda (django-tasks, database backend, run by `manage.py db_worker`)."""

from django_tasks import task

from agenda import ical
from agenda.services.imports import run_queued_import


@task()
def refresh_calendar_source(source_id):
    """Import one calendar source queued by queue_import: the file uploaded for it, or its
    subscribed address fetched. The report is kept on the source."""
    report = run_queued_import(source_id=source_id)
    return report.summary() if report is not None else None


@task()
def store_vevents(event_ids):
    """Build the feeds' VEVENTs of events written in bulk (an import); returns how many."""
    return len(ical.store_vevents_of(event_ids))
