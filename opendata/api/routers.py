"""The one router of the API: each resource module registers its viewsets on it (urls.py imports them all)."""

from rest_framework.routers import DefaultRouter

from core import url_converters  # noqa: F401 - registers <number:...>, which the router's id routes use

# The root lists every resource; no format suffixes (JSON only). Addresses as path() routes with converters
# ("meetings/<slug:slug>/", ApiViewSet.lookup_value_converter), as the rest of the URLconf writes them.
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
