from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site's own pages: home, search, sitemaps, feeds."""

    name = "public"
    verbose_name = "Public site"
