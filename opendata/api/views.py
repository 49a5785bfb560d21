"""The API's own answers that are no resource: its root, its schema and documentation, and its 404s."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, routers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from opendata.api.base import ApiAnswerMixin

# The versions of the API there are, each by the name of its root's address: what a 404 outside them names.
VERSIONS = {"v1": "api:api-root"}


class ApiRootView(ApiAnswerMixin, routers.APIRootView):
    """Every resource's list, its schema and documentation: where a crawl starts."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("api:schema", request=request)
        response.data["docs"] = reverse("api:docs", request=request)
        return response


class SchemaView(ApiAnswerMixin, SpectacularAPIView):
    """The OpenAPI schema: YAML, or JSON with ?format=json (or Accept: application/json)."""

    http_method_names = ["get", "head", "options"]


class DocsView(ApiAnswerMixin, SpectacularSwaggerSplitView):
    """Swagger UI, and (?script) the script that starts it, served apart for the Content-Security-Policy."""

    http_method_names = ["get", "head", "options"]


def _with_its_slash(request) -> HttpResponsePermanentRedirect | None:
    """A redirect to the address with its final slash, when only that is missing and it names something."""
    path = request.path_info
    if path.endswith("/"):
        return None
    try:
        match = resolve(path + "/")
    except Resolver404:
        return None
    if match.url_name in NOT_FOUND_NAMES:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(path + "/" + (f"?{query}" if query else ""))


@extend_schema(exclude=True)
class NotFoundView(ApiAnswerMixin, APIView):
    """An address under /api/v1/ that names nothing: say so in JSON; one that lacks only its final slash:
    redirect to it, as the site does."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, rest: str = ""):
        redirect = _with_its_slash(request)
        if redirect is not None:
            return redirect
        raise exceptions.NotFound(
            gettext("No such address in the API; its resources are listed at %(root)s.")
            % {"root": reverse("api:api-root", request=request)}
        )


@extend_schema(exclude=True)
class NoSuchVersionView(ApiAnswerMixin, APIView):
    """Anything under /api/ outside a version (/api/, /api/v2/...): a JSON 404 naming the versions there are."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, rest: str = ""):
        redirect = _with_its_slash(request)  # /api/v1 → /api/v1/
        if redirect is not None:
            return redirect
        versions = {name: reverse(url_name, request=request) for name, url_name in VERSIONS.items()}
        return Response(
            {
                "detail": gettext("No such version of the API. Its versions: %(versions)s.")
                % {"versions": ", ".join(f"{name} ({address})" for name, address in versions.items())},
                "versions": versions,
            },
            status=status.HTTP_404_NOT_FOUND,
        )


# The names of the 404s' own routes: an address that resolves to one of them with a slash names nothing either.
NOT_FOUND_NAMES = frozenset({"not_found", "api_no_such_version"})
