"""The task queue's side of notifications: nothing is sent inside a request.

Immediate backend by default (a quick look, the tests); TASK_BACKEND=database queues them for
`manage.py db_worker` in production.
"""

from django_tasks import task

from notifications import services
from publishing.models import PublicationEvent, PublishedVersion


@task()
def send_message(message_id: int) -> bool:
    """Send one stored message (services.message_send: claimed once, retried on failure)."""
    return services.message_send(message_id=message_id)


@task()
def notify_circulation(event_id: int) -> int:
    """The Friends' e-mails of one circulation step."""
    return services.circulation_notify(event=PublicationEvent.objects.select_related("version").get(pk=event_id))


@task()
def notify_publication(version_id: int) -> int:
    """The subscribers' e-mails of one publication."""
    return services.publication_notify(version=PublishedVersion.objects.get(pk=version_id))
