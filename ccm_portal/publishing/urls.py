"""URL patterns for a publishable document type, mounted by its app under its own prefix."""

from django.urls import path

from ccm_portal.publishing.models import PublishedVersion
from ccm_portal.publishing.views import VersionPageView, VersionPdfView

PUBLISHED, CIRCULATED = PublishedVersion.Kind.PUBLISHED, PublishedVersion.Kind.CIRCULATED


def document_urlpatterns(prefix: str, model, name: str) -> list:
    """`<prefix>/` shows the current version; `v<N>/` and `draft-<N>/` one version; `.pdf` its PDF."""
    return [
        path(f"{prefix}/", VersionPageView.as_view(model=model), name=name),
        path(f"{prefix}/v<int:number>/", VersionPageView.as_view(model=model, kind=PUBLISHED), name=f"{name}_version"),
        path(
            f"{prefix}/v<int:number>.pdf",
            VersionPdfView.as_view(model=model, kind=PUBLISHED),
            name=f"{name}_version_pdf",
        ),
        path(
            f"{prefix}/draft-<int:number>/", VersionPageView.as_view(model=model, kind=CIRCULATED), name=f"{name}_draft"
        ),
        path(
            f"{prefix}/draft-<int:number>.pdf",
            VersionPdfView.as_view(model=model, kind=CIRCULATED),
            name=f"{name}_draft_pdf",
        ),
    ]
