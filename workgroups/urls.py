from django.urls import path

from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use
from workgroups import views

app_name = "workgroups"
urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<slug:slug>/documents/<number:pk>/", views.group_document, name="document_download"),
]
