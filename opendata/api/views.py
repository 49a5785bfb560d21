"""The API's own answers that are no resource: its root and its 404."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, routers
from rest_framework.decorators import api_view, permission_classes, renderer_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings


class ApiRootView(routers.APIRootView):
    """Every resource's list, its schema and documentation: where a crawl starts."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("api:schema", request=request)
        response.data["docs"] = reverse("api:docs", request=request)
        return response


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@renderer_classes([JSONRenderer])
@throttle_classes(api_settings.DEFAULT_THROTTLE_CLASSES)
def not_found(request, rest: str):
    """An address under /api/v1/ that names nothing: say so in JSON; one that lacks only its final
    slash: redirect to it, as the site does."""
    path = request.path_info
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(path + "/" + (f"?{query}" if query else ""))
    raise exceptions.NotFound(
        gettext("No such address in the API; its resources are listed at %(root)s.")
        % {"root": reverse("api:api-root", request=request)}
    )
