from django.urls import path

from workgroups import views

app_name = "workgroups"
urlpatterns = [
    path("", views.GroupListView.as_view(), name="group_list"),
    path("<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
]
