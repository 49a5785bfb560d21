from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Versions of minutes and decisions frozen at publication, their HTML and PDF."""

    name = "publishing"
    label = "publishing"
    verbose_name = _("Publishing")
