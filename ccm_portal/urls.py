from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ccm_portal import views
from ccm_portal.publishing.feeds import PublicationsFeed
from ccm_portal.sitemaps import SITEMAPS

admin.site.site_header = "CCM portal: secretariat"
admin.site.site_title = "CCM portal admin"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/publications.atom", PublicationsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Sign-in, sign-out, password change and reset: Django's views, our templates (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("contacts.urls")),
    path("admin/", admin.site.urls),
    path("", include("workgroups.urls")),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
]
