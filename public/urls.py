"""The public site's own pages. Their names stay un-namespaced ("home", "search"): every page links them."""

from django.urls import path

from public import views
from public.feeds import PublicationsFeed

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/publications.atom", PublicationsFeed(), name="feed"),
]
