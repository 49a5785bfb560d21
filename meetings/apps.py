from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # A group's page lists its meetings; workgroups, below this layer, is told so here.
        from meetings import group_page

        group_page.register()
