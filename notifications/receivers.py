"""Receivers of publishing's signals (connected in NotificationsConfig.ready). They run after the
step's commit and only queue a task: who is told, and the e-mails, are the task's work."""

from notifications.tasks import notify_circulation, notify_publication


def on_version_circulated(sender, *, version, event, **kwargs) -> None:
    notify_circulation.enqueue(event.pk)


def on_version_published(sender, *, version, event, **kwargs) -> None:
    notify_publication.enqueue(version.pk)
