from django.urls import path

from workgroups import views, workspace_views

app_name = "workgroups"
urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<slug:slug>/documents/<int:pk>/", views.group_document, name="document_download"),
    # The coordinator workspace.
    path("workspace/", workspace_views.WorkspaceView.as_view(), name="workspace"),
    path("groups/<slug:slug>/edit/", workspace_views.GroupPageEditView.as_view(), name="page_edit"),
    path("groups/<slug:slug>/updates/new/", workspace_views.GroupUpdateCreateView.as_view(), name="update_create"),
    path(
        "groups/<slug:slug>/updates/<int:pk>/edit/", workspace_views.GroupUpdateEditView.as_view(), name="update_edit"
    ),
    path(
        "groups/<slug:slug>/updates/<int:pk>/delete/",
        workspace_views.GroupUpdateDeleteView.as_view(),
        name="update_delete",
    ),
    path(
        "groups/<slug:slug>/documents/new/", workspace_views.GroupDocumentUploadView.as_view(), name="document_upload"
    ),
    path(
        "groups/<slug:slug>/documents/<int:pk>/delete/",
        workspace_views.GroupDocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("groups/<slug:slug>/action-points/", workspace_views.GroupActionPointsView.as_view(), name="action_points"),
    path("groups/<slug:slug>/history/", workspace_views.GroupHistoryView.as_view(), name="group_history"),
]
