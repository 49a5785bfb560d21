"""The one router of the API: each resource module registers its viewsets on it (urls.py imports them all)."""

from rest_framework.routers import DefaultRouter

# The root lists every resource; no format suffixes (JSON only).
router = DefaultRouter()
router.include_format_suffixes = False
