"""One way to send a stored file, wherever it is stored, and the public area of published files.

A view decides who may have a file (and answers 304 to a matching If-None-Match); then
`stored_file_response` sends it:

- on object storage (S3 or compatible): a 302 to a presigned GET URL of the object, which names the
  download and its type; the redirect is `private, no-store`, so no cache keeps it longer than its
  signature lives;
- on the filesystem with `FILES_SENT_BY=nginx`: an empty answer with `X-Accel-Redirect:
  /_stored/<name>`; nginx maps that internal location to MEDIA_ROOT and sends the file itself;
- otherwise: Django streams it (runserver, tests, a plain gunicorn).

The public area: files stored under `public/` (a published version's PDF, under a name that changes
with its content) may be read by anyone without a check. The web server serves `/files/public/` from
MEDIA_ROOT/public/ directly; without one, `public_file` does. No other name under MEDIA_URL is ever
served without the portal's own view.
"""

import contextlib
import datetime
import mimetypes
import os
import posixpath
from collections.abc import Iterator
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

PUBLIC_AREA = "public/"
# nginx's internal location (`internal;`) aliased to MEDIA_ROOT: the contract with its configuration.
X_ACCEL_LOCATION = "/_stored/"


def is_on_filesystem(file: FieldFile) -> bool:
    return isinstance(file.storage, FileSystemStorage)


def is_public_name(name: str) -> bool:
    return name.startswith(PUBLIC_AREA)


def stored_file_response(
    file: FieldFile,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool,
    etag: str | None = None,
    size: int | None = None,
) -> HttpResponse:
    """The file, sent by whoever sends files here (see the module docstring). The caller checked access."""
    if not file:
        raise Http404("This file is not available.")  # a record left without its file (e.g. by a restore)
    disposition = content_disposition_header(as_attachment, filename)
    if isinstance(file.storage, S3Storage):
        url = file.storage.url(
            file.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        )
        response = HttpResponseRedirect(url)
        patch_cache_control(response, private=True, no_store=True)
        return response
    if is_on_filesystem(file) and settings.FILES_SENT_BY == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = X_ACCEL_LOCATION + quote(file.name)
        response["Content-Disposition"] = disposition
    else:
        try:
            opened = file.open("rb")
        except FileNotFoundError:
            raise Http404("This file is not available.") from None  # named, but lost from storage
        response = FileResponse(opened, as_attachment=as_attachment, filename=filename, content_type=content_type)
        if size:
            response["Content-Length"] = str(size)
    if etag:
        response["ETag"] = etag
    # Access-checked: no shared cache keeps it (a reader's access may end, a meeting become closed), and
    # the browser asks again each time. A caller whose file anyone may read says `public` over it.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def public_file(request, name: str) -> HttpResponse:
    """/files/public/<name>: a file of the public area, for anyone (what nginx serves itself when it is in
    front). Only names inside public/; anything else, or a name that climbs out of it, is not found."""
    parts = name.split("/")
    if any(part in {"", ".", ".."} or "\\" in part for part in parts):
        raise Http404("No such file.")
    stored_name = PUBLIC_AREA + name
    if not default_storage.exists(stored_name):
        raise Http404("No such file.")
    try:
        opened = default_storage.open(stored_name, "rb")
    except OSError:  # a folder (public/pdf/), or gone meanwhile
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    # Named as stored: the download's own name (PublishedVersion.pdf_path), as nginx's URL ends too.
    response = FileResponse(opened, content_type=content_type, filename=parts[-1])
    # Kept by browsers and proxies but asked again each time (as nginx answers it): a withdrawal removes
    # the file, and no cache may go on handing out a withdrawn PDF.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def storage_names(storage=None, directory: str = "") -> Iterator[str]:
    """Every file name in a storage under `directory`, through the Storage API (listdir)."""
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(directory, name) if directory else name
    for sub in directories:
        yield from storage_names(storage, posixpath.join(directory, sub) if directory else sub)


def stored_file_delete(storage, name: str) -> None:
    """Delete the file `name`, and on a filesystem the folder it lived in if that is now empty.

    Files stored under a name that changes with their content (public/data/<hash>/…) each get a folder
    of their own, which would otherwise stay behind, empty, after each replacement. Only that one
    folder, never one above it and never the storage's root; a folder another file is in (or being
    written to) stays. Object storage has no folders: there, only the file goes.
    """
    storage.delete(name)
    folder = posixpath.dirname(name)
    if not folder or not isinstance(storage, FileSystemStorage):
        return
    with contextlib.suppress(OSError):  # not empty, or gone already: it stays as it is
        os.rmdir(storage.path(folder))  # removes only an empty folder, atomically


def file_fields(model_classes) -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Each file field (FileField or a subclass) of the given models, with its model."""
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def public_area_sweep(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> list[str]:
    """Delete every file of the public area that no record names, and return their names.

    The web server sends `public/` without asking the portal, so a file there that the records no
    longer name (after a restore of an older archive, or a process stopped between a commit and its
    deletion) would stay readable by anyone. `older_than` spares files a task is storing right now,
    whose record is not committed yet; `restore` passes zero (the workers are stopped)."""
    named = set()
    for model, field in file_fields(apps.get_models()):
        named.update(
            model._base_manager.filter(**{f"{field.attname}__startswith": PUBLIC_AREA}).values_list(
                field.attname, flat=True
            )
        )
    cutoff = timezone.now() - older_than
    removed = []
    for name in storage_names(default_storage, PUBLIC_AREA.rstrip("/")):
        if name not in named and (not older_than or default_storage.get_modified_time(name) < cutoff):
            default_storage.delete(name)
            removed.append(name)
    return removed
