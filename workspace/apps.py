from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The coordinators' pages: My groups, the group page editor, their action points."""

    name = "workspace"
    verbose_name = "Coordinator workspace"
