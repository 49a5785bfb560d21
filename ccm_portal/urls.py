from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "CCM portal: secretariat"
admin.site.site_title = "CCM portal admin"

urlpatterns = [
    path("", include("public.urls")),
    # Sign-in, sign-out, password change and reset: Django's views, our templates (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("contacts.urls")),
    path("admin/", admin.site.urls),
    path("", include("workspace.urls")),
    path("", include("workgroups.urls")),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
]
