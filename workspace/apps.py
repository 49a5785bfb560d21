from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The coordinators' pages: My groups, the group page editor, their action points."""

    name = "workspace"
    verbose_name = _("Coordinator workspace")
