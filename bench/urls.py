from django.http import HttpResponse
from django.urls import path

from ccm_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """The floor: Django's request/response cycle and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# The portal's patterns as they are, not include()d: they hold i18n_patterns, which Django allows
# only in the root URLconf.
urlpatterns = [
    path("bench/bare/", bare),
    *portal_urlpatterns,
]
