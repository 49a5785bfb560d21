"""/api/v1/: one router for every resource, the OpenAPI schema and its documentation page.

Each resource module registers its viewsets on `router` (opendata/api/routers.py) when imported
below; the bulk export walks `router.registry` after importing this module. Outside i18n_patterns:
the API has one address per resource, in no language. Anything else under /api/ is
views.NoSuchVersionView (ccm_portal/urls.py).
"""

from django.urls import include, path, re_path

from opendata.api import action_points, decisions, groups, meetings, publications, schema, views  # noqa: F401 - they register their viewsets
from opendata.api.routers import router

router.APIRootView = views.ApiRootView

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        views.DocsView.as_view(url_name="api:schema", template_name="opendata/api_docs.html"),
        name="docs",
    ),
    path("", include(router.urls)),
    # Anything else under /api/v1/: a JSON 404 (or the address with its slash), never the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="not_found"),
]
