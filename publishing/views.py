"""Pages and PDFs of frozen versions, shared by minutes and decisions.

A version's text never changes, but its page does (a superseded or withdrawn
banner, the list of versions, the PDF link once rendered, a reader's drafts):
the page's ETag is made from its content (ConditionalGetMiddleware, or the page
cache for anonymous visitors), so a repeat visit gets 304 exactly while the
page is the same. A PDF's ETag is its SHA-256.
"""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views import View

from publishing import page_cache
from publishing.generated import generated_pdf_response
from publishing.models import Publishable, PublishedVersion
from publishing.selectors import (
    current_version_for,
    document_for_slug,
    version_of,
    versions_of,
)


def _cache_headers(response, version: PublishedVersion, *, user):
    if version.kind == PublishedVersion.Kind.CIRCULATED or user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        # Public: any cache may keep it, but must ask again each time (a cheap 304),
        # so a withdrawal or a correction is never hidden behind a kept copy.
        patch_cache_control(response, public=True, no_cache=True)
    return response


class ReaderAccessMixin:
    """The document type's URLconf says who reads circulated drafts: `reader_access(user) -> bool`."""

    reader_access = None

    def reads_circulated(self, user) -> bool:
        return bool(self.reader_access and self.reader_access(user))


class VersionPageView(ReaderAccessMixin, View):
    """/<document>/v<N>/ (kind published) and /<document>/draft-<N>/ (kind circulated); N=None: the document URL."""

    model: type[Publishable] = None
    kind: str | None = None

    @page_cache.for_anonymous_visitors()
    def get(self, request, slug, number=None):
        document = document_for_slug(self.model, slug)
        reads_circulated = self.reads_circulated(request.user)
        if number is None:
            version = current_version_for(document, reads_circulated=reads_circulated)
        else:
            version = version_of(document, kind=self.kind, number=number, reads_circulated=reads_circulated)
        response = TemplateResponse(
            request,
            "publishing/version_detail.html",
            {
                "document": document,
                "version": version,
                "versions": versions_of(document, reads_circulated=reads_circulated),
                "draft": version.is_draft,
                "links": document.reader_links(reads_circulated=reads_circulated),
            },
        )
        return _cache_headers(response, version, user=request.user)


class VersionPdfView(ReaderAccessMixin, View):
    """The stored PDF of a version, rendered once when it was frozen."""

    model: type[Publishable] = None
    kind: str = None

    def get(self, request, slug, number):
        version = version_of(
            document_for_slug(self.model, slug),
            kind=self.kind,
            number=number,
            reads_circulated=self.reads_circulated(request.user),
        )
        if version.withdrawn_at is not None:
            return HttpResponse("This document has been withdrawn.", status=410, content_type="text/plain")
        response = generated_pdf_response(request, version)
        if response.status_code == 200:
            _cache_headers(response, version, user=request.user)
        return response
