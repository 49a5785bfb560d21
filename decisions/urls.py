from django.urls import path

from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use
from decisions import views
from decisions.models import Decision
from publishing.urls import CIRCULATED, PUBLISHED, document_urlpatterns
from publishing.views import CommentListView
from workgroups.access import may_read_circulated

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    *document_urlpatterns("decisions/<slug:slug>", Decision, "decision", reader_access=may_read_circulated),
    # Each version as Akoma Ntoso 3.0 XML, beside its page and PDF (decisions/akoma_ntoso.py); one spelling
    # of its number (core/url_converters.py: `v01.akn.xml` is no address).
    path(
        "decisions/<slug:slug>/v<number:number>.akn.xml",
        views.VersionAknView.as_view(kind=PUBLISHED),
        name="decision_version_akn",
    ),
    path(
        "decisions/<slug:slug>/draft-<number:number>.akn.xml",
        views.VersionAknView.as_view(kind=CIRCULATED),
        name="decision_draft_akn",
    ),
    path("decisions/<slug:slug>/revisions/", views.RevisionListView.as_view(), name="revision_list"),
    path("decisions/<slug:slug>/redline/", views.RedlineView.as_view(), name="redline"),
    path("decisions/<slug:slug>/redline.pdf", views.RedlinePdfView.as_view(), name="redline_pdf"),
    path(
        "decisions/<slug:slug>/comments/",
        CommentListView.as_view(model=Decision, reader_access=may_read_circulated),
        name="comment_list",
    ),
]
