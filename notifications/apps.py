from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail people expect: drafts circulated, comments, action points, terms, publications."""

    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Publishing tells whoever listens once a step has committed (publishing/signals.py); it never
        # imports this app. The receivers only queue work: the e-mails are sent by the task queue.
        from notifications import receivers
        from publishing.signals import version_circulated, version_published

        version_circulated.connect(receivers.on_version_circulated, dispatch_uid="notifications.circulated")
        version_published.connect(receivers.on_version_published, dispatch_uid="notifications.published")
