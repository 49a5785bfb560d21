from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The seed documents as data, their loader and the demo accounts."""

    name = "demo"
    verbose_name = _("Demo data")
