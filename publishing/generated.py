"""One pipeline for every PDF the portal makes from its own records: a version's PDF, a redline, an
edition of the contact list.

- Each record says what it is made from: `pdf_source()`, the print page's HTML, and what the
  download is called: `pdf_download_name`.
- The step that changes the source (publishing a version, issuing a revision, importing a list)
  queues a task; the task renders the page with WeasyPrint and stores the file with its SHA-256,
  its size and the SHA-256 of the source it was made from (`generated_pdf_store`).
- A file is rendered again only when its source changed. WeasyPrint runs outside any lock; the
  file is stored only if the source is still the one rendered, so a slow task never overwrites a
  newer file with an older list (the task queued by the newer change stores its own).
- Views never render and never queue: they serve the stored file with its hash as ETag
  (`generated_pdf_response`), or one "being prepared" answer (503 with Retry-After) until it exists.
- `manage.py rebuild_pdfs` renders every record of every kind again (`--missing`: those without a file).
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from core.model_classes import concrete_subclasses
from core.stored_files import stored_file_delete, stored_file_response
from publishing import page_cache
from publishing.pdf import html_to_pdf

RETRY_AFTER_SECONDS = 30


def generated_pdf_path(record: "GeneratedPdf", filename: str) -> str:
    return record.pdf_path(filename)


class GeneratedPdf(models.Model):
    """A PDF rendered from a record: the file, its SHA-256 and size, and the source it was made from."""

    pdf = models.FileField(upload_to=generated_pdf_path, max_length=255, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The SHA-256 of the print page it was rendered from: unchanged source, no new rendering.
    pdf_source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def pdf_path(self, filename: str) -> str:
        """Where the file is stored, under MEDIA_ROOT (or the bucket)."""
        raise NotImplementedError

    def pdf_source(self) -> str:
        """The print page (HTML) the PDF is rendered from, as the records stand now."""
        raise NotImplementedError

    @property
    def pdf_download_name(self) -> str:
        """The file name offered on download."""
        raise NotImplementedError

    @classmethod
    def generated_pdf_models(cls) -> list[type["GeneratedPdf"]]:
        """Every concrete model with a generated PDF, however deep below GeneratedPdf."""
        return concrete_subclasses(cls)


def source_sha256(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def generated_pdf_is_current(record: GeneratedPdf) -> bool:
    return bool(record.pdf) and record.pdf_source_sha256 == source_sha256(record.pdf_source())


def generated_pdf_store(*, record: GeneratedPdf, force: bool = False) -> bool:
    """Render the record's PDF and store it, unless the stored file was made from the same source
    (`force`: render anyway, e.g. after a change to the print stylesheet). Returns whether it stored
    a file. Runs in a task, never in a request."""
    source = record.pdf_source()
    if not force and record.pdf and record.pdf_source_sha256 == source_sha256(source):
        return False
    pdf = html_to_pdf(source)  # seconds for a long document: outside the transaction and any lock
    with transaction.atomic():
        locked = type(record)._base_manager.select_for_update().get(pk=record.pk)
        if locked.pdf_source() != source:
            return False  # the records changed meanwhile; the task that change queued renders the new one
        old_name = locked.pdf.name
        # Before the file is named: a public file's name carries its hash (PublishedVersion.pdf_path).
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.pdf.save(record.pdf_download_name, ContentFile(pdf), save=False)
        fields = {
            "pdf": locked.pdf.name,
            "pdf_sha256": locked.pdf_sha256,
            "pdf_size": len(pdf),
            "pdf_source_sha256": source_sha256(source),
            "pdf_rendered_at": timezone.now(),
        }
        # update(), not save(): a rendered file is no change to the record (no history entry).
        type(record)._base_manager.filter(pk=record.pk).update(**fields)
        for name, value in fields.items():
            setattr(record, name, value)
        if old_name and old_name != locked.pdf.name:
            transaction.on_commit(lambda: stored_file_delete(locked.pdf.storage, old_name))
        # Pages that said "being prepared" now offer the file.
        page_cache.invalidate_on_commit()
    return True


def generated_pdf_pending_response(request) -> HttpResponse:
    """The one answer while a file is not rendered yet."""
    response = render(request, "publishing/pdf_pending.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def generated_pdf_response(request, record: GeneratedPdf, *, as_attachment: bool = False) -> HttpResponse:
    """The stored file with its hash as ETag (304 when unchanged), or "being prepared"."""
    if not record.pdf:
        return generated_pdf_pending_response(request)
    etag = f'"{record.pdf_sha256}"' if record.pdf_sha256 else None  # files stored before hashes were kept
    if etag and (not_modified := get_conditional_response(request, etag=etag)) is not None:
        return not_modified
    return stored_file_response(
        record.pdf,
        filename=record.pdf_download_name,
        content_type="application/pdf",
        as_attachment=as_attachment,
        etag=etag,
        size=record.pdf_size,
    )


def generated_pdf_move(*, record: GeneratedPdf, to_name: str) -> None:
    """Store the record's file under another name (e.g. out of the public area), inside the caller's
    transaction; the old file is deleted after the commit, so a rollback leaves the record's file in place."""
    old_name = record.pdf.name
    storage = record.pdf.storage
    try:
        with storage.open(old_name, "rb") as old_file:
            new_name = storage.save(to_name, old_file)
    except FileNotFoundError:
        # Lost (a restore without its files): the step that moves it must not fail; `rebuild_pdfs --missing` renders it.
        new_name = ""
    type(record)._base_manager.filter(pk=record.pk).update(pdf=new_name)
    record.pdf.name = new_name
    transaction.on_commit(lambda: stored_file_delete(storage, old_name))
