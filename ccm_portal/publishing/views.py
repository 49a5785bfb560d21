"""Pages and PDFs of frozen versions, shared by minutes and decisions.

A version never changes, so its ETag is stable until it is superseded or
withdrawn (the banner changes): repeat visits get 304 Not Modified.
"""

from django.http import FileResponse, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views import View

from ccm_portal.publishing import page_cache
from ccm_portal.publishing.models import Publishable, PublishedVersion
from ccm_portal.publishing.selectors import (
    current_version_for,
    document_for_slug,
    may_read_circulated,
    version_of,
    versions_of,
)


def _etag(version: PublishedVersion, *, user, variant: str) -> str:
    # Signed-in readers see a different header (and drafts): their pages get their own tags.
    changed = f"{version.superseded_at and version.superseded_at.timestamp()}-{version.withdrawn_at and version.withdrawn_at.timestamp()}"
    return f'"{variant}-{version.pk}-{changed}-{int(user.is_authenticated)}"'


def _cache_headers(response, version: PublishedVersion, *, user):
    if version.kind == PublishedVersion.Kind.CIRCULATED or user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        # Public and frozen: shared caches may keep it, but should check back for a superseded banner.
        patch_cache_control(response, public=True, max_age=300)
    return response


class VersionPageView(View):
    """/<document>/v<N>/ (kind published) and /<document>/draft-<N>/ (kind circulated); N=None: the document URL."""

    model: type[Publishable] = None
    kind: str | None = None

    @page_cache.for_anonymous_visitors()
    def get(self, request, slug, number=None):
        document = document_for_slug(self.model, slug)
        if number is None:
            version = current_version_for(request.user, document)
        else:
            version = version_of(request.user, document, kind=self.kind, number=number)
        etag = _etag(version, user=request.user, variant="page" if number else "doc")
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        response = TemplateResponse(
            request,
            "publishing/version_detail.html",
            {
                "document": document,
                "version": version,
                "versions": versions_of(request.user, document),
                "draft": version.kind == PublishedVersion.Kind.CIRCULATED,
                # Friends, post holders and staff may comment on a draft under consultation.
                "reads_circulated": may_read_circulated(request.user),
            },
        )
        response["ETag"] = etag
        return _cache_headers(response, version, user=request.user)


class VersionPdfView(View):
    """The stored PDF of a version, rendered once when it was frozen."""

    model: type[Publishable] = None
    kind: str = None

    def get(self, request, slug, number):
        version = version_of(request.user, document_for_slug(self.model, slug), kind=self.kind, number=number)
        if version.withdrawn_at is not None:
            return HttpResponse("This document has been withdrawn.", status=410, content_type="text/plain")
        if not version.pdf:
            response = HttpResponse(
                "The PDF of this version is being prepared; try again in a minute.",
                status=503,
                content_type="text/plain",
            )
            response["Retry-After"] = "60"
            return response
        etag = f'"{version.pdf_sha256}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        response = FileResponse(
            version.pdf.open("rb"), as_attachment=False, filename=version.pdf_filename, content_type="application/pdf"
        )
        response["ETag"] = etag
        response["Content-Length"] = str(version.pdf_size)
        return _cache_headers(response, version, user=request.user)
