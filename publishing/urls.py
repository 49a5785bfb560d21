"""URL patterns for a publishable document type, mounted by its app under its own prefix."""

import functools

from django.urls import path

from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use
from publishing.models import PublishedVersion
from publishing.views import CommentListView, VersionPageView, VersionPdfView

PUBLISHED, CIRCULATED = PublishedVersion.Kind.PUBLISHED, PublishedVersion.Kind.CIRCULATED


def document_urlpatterns(prefix: str, model, name: str, *, reader_access, comments: bool = False) -> list:
    """`<prefix>/` shows the current version; `v<N>/` and `draft-<N>/` one version; `.pdf` its PDF (N as
    written canonically, core/url_converters.py: `v01/` is no address);
    with `comments`, `comments/` (`<name>_comments`) the comments on the draft circulated for them.

    `reader_access(user) -> bool` says who reads circulated drafts (and so may comment on them):
    the access layer's answer.
    """
    page = functools.partial(VersionPageView.as_view, model=model, reader_access=reader_access)
    pdf = functools.partial(VersionPdfView.as_view, model=model, reader_access=reader_access)
    patterns = [
        path(f"{prefix}/", page(), name=name),
        path(f"{prefix}/v<number:number>/", page(kind=PUBLISHED), name=f"{name}_version"),
        path(f"{prefix}/v<number:number>.pdf", pdf(kind=PUBLISHED), name=f"{name}_version_pdf"),
        path(f"{prefix}/draft-<number:number>/", page(kind=CIRCULATED), name=f"{name}_draft"),
        path(f"{prefix}/draft-<number:number>.pdf", pdf(kind=CIRCULATED), name=f"{name}_draft_pdf"),
    ]
    if comments:
        view = CommentListView.as_view(model=model, reader_access=reader_access)
        patterns.append(path(f"{prefix}/comments/", view, name=f"{name}_comments"))
    return patterns
