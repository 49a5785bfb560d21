from django.contrib import admin
from django.urls import include, path

from ccm_portal import views

admin.site.site_header = "CCM portal: secretariat"
admin.site.site_title = "CCM portal admin"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("groups/", include("workgroups.urls")),
    path("meetings/", include("meetings.urls")),
    path("decisions/", include("decisions.urls")),
]
