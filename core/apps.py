from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers without domain knowledge: trees, rich text, uploads, history, symbols, file names."""

    name = "core"
    verbose_name = "Core"
