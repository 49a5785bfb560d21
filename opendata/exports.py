"""Everything public as files: what `manage.py export_public` writes, and the export /data/ links.

An export is a folder (zipped for /data/):

- `<collection>.jsonl`: one JSON object a line for every object of each API collection, exactly as
  the API's detail endpoint gives it to an anonymous client (same serializers, same visibility: an
  anonymous request through the viewsets registered on the API's router), in the API's order.
- `pdf/<name>.pdf`: the PDF of every published version that is not withdrawn, as readers download it;
  `akoma-ntoso/<id>-<name>.akn.xml`: every such version of a decision as Akoma Ntoso, as its page links it.
- `manifest.json`: when and from which portal, how many objects in each collection, and every other
  file with its size and SHA-256; `SHA256SUMS`: the same sums, for `sha256sum -c SHA256SUMS`.

Nothing here decides what is public: the API's viewsets (through workgroups.access) and the
publishing selectors do, for an anonymous reader.
"""

import datetime
import hashlib
import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, QueryDict
from django.urls import resolve
from django.utils import timezone
from rest_framework.request import Request

from core.file_digests import file_description
from decisions.akoma_ntoso import DecisionVersionSource, decision_version_akn
from decisions.models import Decision
from decisions.selectors import rounds_with_versions
from opendata.api.urls import router
from publishing.models import PublishedVersion

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


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


def anonymous_api_request(parameters: dict | None = None) -> Request:
    http_request = _PortalRequest()
    http_request.GET = QueryDict(mutable=True)
    http_request.GET.update(parameters or {})
    # No authenticators: the API sees an anonymous client, whatever the worker's settings.
    return Request(http_request, authenticators=())


def _viewset(viewset_class, action: str, request: Request, kwargs: dict | None = None):
    """The viewset as the router would set it up for `action`, without the throttling and caching of
    a request from outside (an export reads every page at once)."""
    view = viewset_class(request=request, format_kwarg=None, args=(), kwargs=kwargs or {}, action=action)
    view.headers = {}
    return view


def collection_objects(viewset_class) -> Iterator[dict]:
    """Every object of one API collection, in the list's order, each as its own address (`url`) gives it
    to an anonymous client: the list's pages walked through the viewset, each object then read through
    its detail (the detail holds what a list leaves out, e.g. a decision's paragraphs)."""
    page_size = settings.API_MAX_PAGE_SIZE
    for number in itertools.count(1):
        view = _viewset(
            viewset_class, "list", anonymous_api_request({"page": str(number), "page_size": str(page_size)})
        )
        page = view.paginate_queryset(view.filter_queryset(view.get_queryset()))
        for item in view.get_serializer(page, many=True).data:
            yield _detail(viewset_class, item["url"])
        if not view.paginator.get_next_link():
            return


def _detail(viewset_class, url: str) -> dict:
    match = resolve(urlsplit(url).path)
    view = _viewset(viewset_class, "retrieve", anonymous_api_request(), match.kwargs)
    return view.get_serializer(view.get_object()).data


def _published_not_withdrawn():
    return PublishedVersion.in_all_languages.filter(kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True)


def exported_pdf_versions():
    """Published versions in every language whose PDF anyone may download (not withdrawn, rendered)."""
    return (
        _published_not_withdrawn()
        .exclude(pdf="")
        .order_by("pk")
        .only("pk", "pdf", "pdf_sha256", "kind", "number", "language", "translation_of_id", "reference")
    )


def versions_awaiting_their_pdf(since):
    """Published versions, not withdrawn, made since `since`, whose PDF the task worker has not rendered yet."""
    return _published_not_withdrawn().filter(pdf="", created_at__gte=since)


def exported_akn_documents() -> Iterator[tuple[str, bytes]]:
    """(file name, Akoma Ntoso XML) of every published decision version that is not withdrawn, in every
    language: what its page links (decisions.views.VersionAknView) to anyone."""
    published = {"kind": PublishedVersion.Kind.PUBLISHED, "withdrawn_at__isnull": True}
    # Every decision's language versions in one query, by the original they translate.
    translations: dict[int, list[PublishedVersion]] = {}
    for translation in PublishedVersion.in_all_languages.filter(
        translation_of__isnull=False, content_type=ContentType.objects.get_for_model(Decision), **published
    ).order_by("pk"):
        translations.setdefault(translation.translation_of_id, []).append(translation)
    for decision in Decision.objects.select_related("meeting", "adopted_at_meeting").order_by("pk"):
        rounds = rounds_with_versions(decision)
        for revision in rounds:
            original = revision.version
            if original.kind != PublishedVersion.Kind.PUBLISHED or original.withdrawn_at is not None:
                continue
            for version in [original, *translations.get(original.pk, [])]:
                name = f"akoma-ntoso/{version.pk}-{version.pdf_filename.removesuffix('.pdf')}.akn.xml"
                source = DecisionVersionSource(decision=decision, version=version, rounds=rounds)
                yield name, decision_version_akn(source)


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
    for prefix, viewset_class, _basename in router.registry:
        stem = prefix.replace("/", "-")
        summary.collections[stem] = _write_jsonl(directory / f"{stem}.jsonl", collection_objects(viewset_class))
    pdf_folder = directory / "pdf"
    pdf_folder.mkdir()
    for version in exported_pdf_versions():
        target = pdf_folder / f"{version.pk}-{version.pdf_filename}"
        with version.pdf.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
    (directory / "akoma-ntoso").mkdir()
    for name, content in exported_akn_documents():
        (directory / name).write_bytes(content)
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            summary.files[path.relative_to(directory).as_posix()] = file_description(path)
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
