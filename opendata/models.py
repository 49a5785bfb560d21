import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A personal API token: its holder reads through the API what they may read on the site.

    Only the token's SHA-512 digest is stored (knox); the token itself is shown once, when it is made.
    """

    # How the settings page names a token to revoke it: neither the digest nor any part of the token.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("uid"))
    name = models.CharField(
        max_length=100, help_text=_("What the token is for, e.g. “research scripts”."), verbose_name=_("name")
    )
    # Written at most once every few minutes (opendata.api.authentication), so reading costs no write.
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "uid"]

    def __str__(self):
        return f"{self.name} ({self.token_key[:8]}…)"
