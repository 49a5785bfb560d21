from django.urls import path

from workgroups import views

app_name = "workgroups"
urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<slug:slug>/documents/<int:pk>/", views.group_document, name="document_download"),
]
