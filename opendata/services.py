"""Personal API tokens, made and revoked by their holder on the settings page (and revoked by staff in the
admin); the public data export."""

import datetime
import logging
import shutil
import tempfile
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.file_digests import file_description
from core.stored_files import stored_file_delete
from opendata.exports import public_export_write, versions_awaiting_their_pdf
from opendata.models import ApiToken, PublicExport
from publishing import page_cache

logger = logging.getLogger(__name__)

# Enough for every script a reader runs; a page of tokens stays short.
TOKENS_PER_ACCOUNT = 20


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and the token itself: shown once, only its digest is kept."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one account's requests one at a time
    if ApiToken.objects.filter(user=user).count() >= TOKENS_PER_ACCOUNT:
        raise ValidationError(
            gettext("You have %(count)d tokens already: revoke one you no longer use first.")
            % {"count": TOKENS_PER_ACCOUNT}
        )
    token = ApiToken(name=name)
    token.full_clean(exclude=["digest", "token_key", "user"])
    return ApiToken.objects.create(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user, uid: uuid.UUID) -> bool:
    """Revoke the holder's own token `uid`: False when they hold none of that id (someone else's included)."""
    return bool(api_tokens_revoke(tokens=ApiToken.objects.filter(user=user, uid=uid)))


@transaction.atomic
def api_tokens_revoke(*, tokens: QuerySet[ApiToken]) -> int:
    """Revoke `tokens` (a holder's own, or any account's by staff in the admin): a program using one is
    refused (401) from its next request on. How many were revoked."""
    deleted, _per_model = tokens.delete()
    return deleted


# One export at a time across every worker machine: `cache.add` is atomic in the shared cache. An
# export that takes longer than this (it should take seconds) lets the next run start beside it.
EXPORT_LOCK_KEY = "opendata:export-running"
EXPORT_LOCK_SECONDS = 60 * 60
# How long a published version's PDF may be missing before an export goes ahead without it.
PDF_GRACE = datetime.timedelta(hours=1)


def public_export_publish(*, force: bool = False) -> PublicExport | None:
    """The export /data/ links: everything public written afresh, zipped, stored in the public area,
    and every earlier export deleted. Returns None, storing nothing, when nothing public changed since
    the latest (the page cache's generation is the same, or the files would be), or while another
    worker is exporting. `force`: export even if nothing changed."""
    if not cache.add(EXPORT_LOCK_KEY, "1", timeout=EXPORT_LOCK_SECONDS):
        logger.info("public export: another worker is exporting; nothing to do")
        return None
    try:
        for _attempt in range(EXPORT_ATTEMPTS):
            try:
                return _export(force=force)
            except _ChangedWhileExporting:
                logger.info("public export: what is public changed while exporting; exporting again")
        logger.warning("public export: what is public kept changing while exporting; the next run exports")
        return None
    finally:
        cache.delete(EXPORT_LOCK_KEY)


# An export during which anything public changed (a withdrawal among others) is not stored: it may hold
# a text no longer public. It is made again, at most this many times in one run.
EXPORT_ATTEMPTS = 3


class _ChangedWhileExporting(Exception):
    pass


def _export(*, force: bool) -> PublicExport | None:
    # Read before the records are, and compared again where the export is stored (_export_store).
    generation = page_cache.current_generation()
    latest = PublicExport.objects.order_by("-created_at", "-pk").first()
    if latest is not None and latest.generation == generation and not force:
        return None
    # An export is announced as holding every published version's PDF: while the task worker is still
    # rendering some (just published, or the demo data just loaded), the export waits for its next
    # round. A PDF still missing after PDF_GRACE (a render that keeps failing) no longer holds it up.
    if public_export_awaits_pdfs() and not force:
        logger.info("public export: published versions await their PDF; exporting next time")
        return None
    with tempfile.TemporaryDirectory(prefix="ccm-export-") as folder:
        summary = public_export_write(Path(folder) / "export")
        if latest is not None and latest.content_sha256 == summary.content_sha256 and not force:
            PublicExport.objects.filter(pk=latest.pk).update(generation=generation)
            return None
        name = f"ccm-portal-open-data_{summary.generated_at:%Y-%m-%d}"
        archive = Path(shutil.make_archive(str(Path(folder) / name), "zip", Path(folder) / "export"))
        return _export_store(archive, summary=summary, generation=generation)


def public_export_retract() -> int:
    """Take the export /data/ links off the site at once: after a withdrawal it still holds the withdrawn
    text (its PDFs and records), which the site itself no longer serves. /data/ says an export is made
    within minutes until the next one (opendata.tasks.export_public, queued by the withdrawal). How many
    exports were removed."""
    with transaction.atomic():
        _exports_locked()
        retracted = list(PublicExport.objects.all())
        PublicExport.objects.filter(pk__in=[export.pk for export in retracted]).delete()
        page_cache.invalidate_on_commit()
    # After the commit, as _export_store does: a file is never gone while a record still names it.
    for export in retracted:
        stored_file_delete(default_storage, export.file.name)
    return len(retracted)


def public_export_awaits_pdfs() -> bool:
    """Whether the export waits for the task worker to render PDFs of versions published in the last
    PDF_GRACE (public_export_publish)."""
    return versions_awaiting_their_pdf(since=timezone.now() - PDF_GRACE).exists()


def _exports_locked() -> None:
    """Storing an export and retracting exports, one at a time, until the transaction ends (a
    PostgreSQL advisory lock; SQLite runs one writing transaction at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EXPORTS_LOCK_ID])


# Any constant of the portal's own (bigint): the advisory lock of _exports_locked.
EXPORTS_LOCK_ID = 0x6363_6D5F_6578_7074  # "ccm_expt"


def _export_store(archive: Path, *, summary, generation: str) -> PublicExport:
    described = file_description(archive)
    export = PublicExport(
        created_at=summary.generated_at,
        sha256=described["sha256"],
        size=described["size"],
        content_sha256=summary.content_sha256,
        generation=generation,
        collections=summary.collections,
    )
    with archive.open("rb") as opened:
        export.file.save(archive.name, File(opened), save=False)
    try:
        with transaction.atomic():
            _exports_locked()
            # A withdrawal renews the generation before its receiver retracts the export (after the same
            # commit): under the lock, either that retraction comes after this commit and deletes this
            # export, or it came before and the generation says so here.
            if page_cache.current_generation() != generation:
                raise _ChangedWhileExporting
            export.save()
            earlier = list(PublicExport.objects.exclude(pk=export.pk))
            PublicExport.objects.filter(pk__in=[old.pk for old in earlier]).delete()
            # /data/ names the new file from now on, for every process.
            page_cache.invalidate_on_commit()
    except BaseException:
        stored_file_delete(default_storage, export.file.name)
        raise
    # After the commit: a file is never gone while a record still names it. With it, its folder
    # (public/data/<hash>/), which nothing else is stored in.
    for old in earlier:
        stored_file_delete(default_storage, old.file.name)
    return export
