import uuid

from django.db import models
from django.utils import timezone
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
        # Neither the digest nor any part of the token: the admin names tokens by this (opendata/admin.py).
        return f"{self.name} ({self.user})"


def export_path(export: "PublicExport", filename: str) -> str:
    """In the public area (nginx sends it without the portal), under a name that changes with its bytes."""
    return f"public/data/{export.sha256[:16]}/{filename}"


class PublicExport(models.Model):
    """Everything public as files (opendata/exports.py), zipped in the public area: /data/ links the latest."""

    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("made at"))
    file = models.FileField(upload_to=export_path, max_length=255, verbose_name=_("file"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    size = models.PositiveBigIntegerField(verbose_name=_("size in bytes"))
    # The sum of every exported file's name and sum (ExportSummary.content_sha256): an export that would
    # hold the same files as the latest is not stored again.
    content_sha256 = models.CharField(max_length=64)
    # The page cache's generation read before the export was written: while it is still the current
    # one, nothing public has changed since, and the worker's next run writes nothing.
    generation = models.CharField(max_length=64, blank=True)
    collections = models.JSONField(default=dict, verbose_name=_("objects per collection"))

    class Meta:
        verbose_name = _("public data export")
        verbose_name_plural = _("public data exports")
        get_latest_by = "created_at"

    def __str__(self):
        return self.file.name
