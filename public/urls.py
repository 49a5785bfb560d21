"""The public site's own pages. Their names stay un-namespaced ("home", "search"): every page links them."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from public import views
from public.feeds import PublicationsFeed
from public.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/publications.atom", PublicationsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
