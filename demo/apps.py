from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The seed documents as data, their loader and the demo accounts."""

    name = "demo"
    verbose_name = "Demo data"
