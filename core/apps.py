from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers without domain knowledge: trees, rich text, uploads, history, symbols, file names."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import checks  # noqa: F401 - registers the portal's system checks
