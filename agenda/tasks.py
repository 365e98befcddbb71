"""Background work of the agenda (django-tasks, database backend, run by `manage.py db_worker`)."""

from django_tasks import task

from agenda import ical
from agenda.models import CalendarSource
from agenda.services.imports import refresh_source


@task()
def refresh_calendar_source(source_id):
    """Fetch and import one subscribed calendar; its report is kept on the source."""
    source = CalendarSource.objects.filter(pk=source_id, is_active=True).exclude(url="").first()
    if source is None:
        return None
    report = refresh_source(source=source)
    return report.summary()


@task()
def store_vevents(event_ids):
    """Build the feeds' VEVENTs of events written in bulk (an import); returns how many."""
    return len(ical.store_vevents_of(event_ids))
