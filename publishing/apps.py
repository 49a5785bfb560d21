from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Versions of minutes and decisions frozen at publication, their HTML and PDF."""

    name = "publishing"
    label = "publishing"
    verbose_name = "Publishing"
