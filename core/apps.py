from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers without domain knowledge: trees, rich text, uploads, history, symbols, file names."""

    name = "core"
    verbose_name = _("Core")
