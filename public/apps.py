from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public site's own pages: home, search, sitemaps, feeds."""

    name = "public"
    verbose_name = _("Public site")
