from django.apps import AppConfig


class CcmPortalConfig(AppConfig):
    """The project app: shared templates tags and the publishing layer."""

    name = "ccm_portal"
    verbose_name = "CCM portal"
