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

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

PUBLIC_AREA = "public/"
# nginx's internal location (`internal;`) aliased to MEDIA_ROOT: the contract with its configuration.
X_ACCEL_LOCATION = "/_stored/"
# How long a shared cache may keep a public file: a withdrawal removes the file at once, and must
# reach every shared cache (a proxy, a CDN) within the hour.
PUBLIC_MAX_AGE = 3600


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
        response = FileResponse(
            file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
        if size:
            response["Content-Length"] = str(size)
    if etag:
        response["ETag"] = etag
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
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
