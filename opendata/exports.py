"""Everything public as files: what `manage.py export_public` writes, and the export /data/ links.

An export is a folder (zipped for /data/):

- `<collection>.jsonl`: one JSON object a line for every object of each API collection, exactly as
  the API's detail endpoint gives it to an anonymous client (same serializers, same visibility: an
  anonymous request through the viewsets registered on the API's router), in the API's order.
- `pdf/<name>.pdf`: the PDF of every published version that is not withdrawn, as readers download it;
  `akoma-ntoso/<name>.xml`: every published decision version as Akoma Ntoso.
- `manifest.json`: when and from which portal, how many objects in each collection, and every other
  file with its size and SHA-256; `SHA256SUMS`: the same sums, for `sha256sum -c SHA256SUMS`.

Nothing here decides what is public: the API's viewsets (through workgroups.access) and the
publishing selectors do, for an anonymous reader.
"""

import datetime
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from opendata.api.urls import router
from publishing.models import PublishedVersion

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
CHUNK = 200


@dataclass
class ExportSummary:
    """What an export holds: objects per collection, and every file but the manifest with its sum."""

    generated_at: datetime.datetime
    collections: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)

    @property
    def content_sha256(self) -> str:
        """One sum of every file's name and sum: equal for two exports of the same records."""
        listing = "".join(f"{name}\0{entry['sha256']}\n" for name, entry in sorted(self.files.items()))
        return hashlib.sha256(listing.encode()).hexdigest()


class _PortalRequest(HttpRequest):
    """An anonymous GET at the portal's public address (PORTAL_URL): the API's links in an export name
    the portal as readers reach it, whatever host the worker runs on."""

    def __init__(self):
        super().__init__()
        address = urlsplit(settings.PORTAL_URL)
        self.method = "GET"
        self.path = self.path_info = "/api/v1/"
        self._portal_host = address.netloc
        self._portal_scheme = address.scheme or "https"
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return self._portal_host

    @property
    def scheme(self) -> str:
        return self._portal_scheme


def anonymous_api_request() -> Request:
    # No authenticators: the API sees an anonymous client, whatever the worker's settings.
    return Request(_PortalRequest(), authenticators=())


def collection_objects(viewset_class, request: Request) -> Iterator[dict]:
    """Every object of one API collection as its detail endpoint gives it to `request`'s reader, in
    the list's order, loaded CHUNK at a time (prefetches included)."""
    view = viewset_class(request=request, format_kwarg=None, args=(), kwargs={}, action="retrieve")
    view.headers = {}
    queryset = view.get_queryset().order_by(*view.ordering)
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield view.get_serializer(obj).data


def exported_pdf_versions():
    """Published versions in every language whose PDF anyone may download (not withdrawn, rendered)."""
    return (
        PublishedVersion.in_all_languages.filter(kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True)
        .exclude(pdf="")
        .order_by("pk")
        .only("pk", "pdf", "pdf_sha256", "kind", "number", "language", "translation_of_id", "reference")
    )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as opened:
        for block in iter(lambda: opened.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_jsonl(path: Path, objects: Iterator[dict]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for obj in objects:
            out.write(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str))
            out.write("\n")
            count += 1
    return count


def public_export_write(directory: Path) -> ExportSummary:
    """Write everything public into `directory` (which must be empty or absent)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty: an export is written into an empty folder.")
    summary = ExportSummary(generated_at=timezone.now())
    request = anonymous_api_request()
    for prefix, viewset_class, _basename in router.registry:
        stem = prefix.replace("/", "-")
        summary.collections[stem] = _write_jsonl(
            directory / f"{stem}.jsonl", collection_objects(viewset_class, request)
        )
    pdf_folder = directory / "pdf"
    pdf_folder.mkdir()
    for version in exported_pdf_versions():
        target = pdf_folder / f"{version.pk}-{version.pdf_filename}"
        with version.pdf.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            summary.files[path.relative_to(directory).as_posix()] = {
                "sha256": _sha256_of(path),
                "size": path.stat().st_size,
            }
    (directory / SUMS).write_text("".join(f"{entry['sha256']}  {name}\n" for name, entry in summary.files.items()))
    manifest = {
        "portal": settings.PORTAL_URL,
        "generated_at": summary.generated_at.isoformat(),
        "api": f"{settings.PORTAL_URL.rstrip('/')}/api/v1/",
        "collections": summary.collections,
        "files": summary.files,
        "content_sha256": summary.content_sha256,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return summary
