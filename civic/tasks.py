"""Background tasks of the dialogue (django-tasks, run by `manage.py db_worker`)."""

from django_tasks import task

from civic.services import notifications


@task()
def announce_post(post_id):
    """Write the notifications of a post just published (and queue the immediate emails)."""
    return notifications.write_announcements(post_id)


@task()
def send_notification(notification_id):
    """Send one immediate email; a failure schedules its own retry."""
    return notifications.deliver_immediate(notification_id)


@task()
def send_digest(user_id):
    """Send a person's daily digest; what fails stays queued for the next one."""
    return notifications.deliver_digest(user_id)
