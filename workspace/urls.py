from django.urls import path

from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use
from workspace import views

app_name = "workspace"
urlpatterns = [
    path("workspace/", views.WorkspaceView.as_view(), name="my_groups"),
    path("groups/<slug:slug>/edit/", views.GroupPageEditView.as_view(), name="page_edit"),
    path("groups/<slug:slug>/edit/<str:language>/", views.GroupPageTranslateView.as_view(), name="page_translate"),
    path("groups/<slug:slug>/updates/new/", views.GroupUpdateCreateView.as_view(), name="update_create"),
    path("groups/<slug:slug>/updates/<number:pk>/edit/", views.GroupUpdateEditView.as_view(), name="update_edit"),
    path(
        "groups/<slug:slug>/updates/<number:pk>/delete/",
        views.GroupUpdateDeleteView.as_view(),
        name="update_delete",
    ),
    path("groups/<slug:slug>/documents/new/", views.GroupDocumentUploadView.as_view(), name="document_upload"),
    path(
        "groups/<slug:slug>/documents/<number:pk>/delete/",
        views.GroupDocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("groups/<slug:slug>/action-points/", views.GroupActionPointsView.as_view(), name="action_points"),
    path("groups/<slug:slug>/history/", views.GroupHistoryView.as_view(), name="group_history"),
]
