"""What every resource of the API shares: who reads, pages, filters, errors, caching.

Visibility is never decided here: `reads_circulated(request)` asks workgroups.access, and each
resource's `get_queryset()` passes the answer to the domain selectors, depending on `request.user`
alone (the bulk export calls it with an anonymous request). Every list is paginated, with a stable
order ending on a unique column.
"""

import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, pagination, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from opendata.api.negotiation import FORMAT_PARAMETER
from opendata.api.negotiation import shown as _shown
from publishing import page_cache
from workgroups.access import may_read_circulated

# The largest value of PostgreSQL's bigint: a larger id is no row's, and must not reach a query.
LARGEST_ID = 2**63 - 1
# GET parameters every list reads besides its filters.
PAGE_PARAMETERS = ("page", "page_size", FORMAT_PARAMETER)


def reads_circulated(request) -> bool:
    """Whether this client may read circulated drafts (and closed meetings): the site's own rule
    (workgroups.access.may_read_circulated), for the account of its token or session."""
    return may_read_circulated(request.user)


# ---------------------------------------------------------------- errors


def exception_handler(exc, context):
    """DRF's answers ({"detail": ...} with the status), plus a model's ValidationError as a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    return drf_exception_handler(exc, context)


# ---------------------------------------------------------------- formats and headers


class ApiAnswerMixin:
    """What every answer under /api/ carries, whatever view gives it (a resource, the root, the schema,
    the docs, a 404): JSON for an error, `Vary: Authorization, Cookie`, and `Cache-Control: public,
    no-cache` for anonymous clients, `private, no-cache` for an account or a client that sent credentials."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is JSON whatever the address answers in otherwise (the schema's YAML, the docs' HTML),
        # and whether or not a format could be chosen (an unknown ?format=, a 406).
        renderer = JSONRenderer()
        self.request.accepted_renderer, self.request.accepted_media_type = renderer, renderer.media_type
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        user = getattr(request, "user", None)
        # A client that sent credentials (even refused ones: a 401) is answered for itself alone.
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        return response


# ---------------------------------------------------------------- pages


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=100`: `count`, `next`, `previous` (absolute URLs or null) and `results`.

    A page or page size that is not a whole number in range is a 400 saying so; a page past the last
    is a 404 naming the last one (never silently the first page, which a crawler would loop on).
    """

    page_query_param = "page"
    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:
        from django.conf import settings

        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        from django.conf import settings

        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        number = _whole_number(value)
        if number is None or not 1 <= number <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        gettext("page_size must be a whole number from 1 to %(largest)d; got %(value)s.")
                        % {"largest": self.max_page_size, "value": _shown(value)}
                    ]
                }
            )
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        value = request.query_params.get(self.page_query_param, "1")
        number = _whole_number(value)
        if number is None or number < 1:
            raise exceptions.ValidationError(
                {
                    self.page_query_param: [
                        gettext("page must be a whole number from 1; got %(value)s.") % {"value": _shown(value)}
                    ]
                }
            )
        last = paginator.num_pages  # one COUNT query
        if number > last:
            raise exceptions.NotFound(
                gettext("There is no page %(number)d: the last page is %(last)d.") % {"number": number, "last": last}
            )
        self.page = paginator.page(number)
        return list(self.page)

    # The next and previous pages keep the client's filters and page size, never ?format=, as no other
    # address in an answer does.
    def get_next_link(self):
        link = super().get_next_link()
        return None if link is None else remove_query_param(link, FORMAT_PARAMETER)

    def get_previous_link(self):
        link = super().get_previous_link()
        return None if link is None else remove_query_param(link, FORMAT_PARAMETER)


def _whole_number(value: str) -> int | None:
    # ASCII digits only: int() would take "١٢" (other scripts' digits), " 3" or "1_000".
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


# ---------------------------------------------------------------- filters


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter, as the site's lists filter: a value that is not valid is a 400 naming the
    parameter and what is wrong, never ignored; so is a parameter the list does not read (a typo
    would otherwise return every row as if filtered)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        known = set(PAGE_PARAMETERS) | (set(filterset.filters) if filterset is not None else set())
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        gettext("Unknown parameter. This list reads: %(known)s.") % {"known": ", ".join(sorted(known))}
                    ]
                    for name in unknown[:10]
                }
            )
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset.qs


# ---------------------------------------------------------------- fields


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The object's page on the portal, as an absolute URL (its get_absolute_url, in English)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


# ---------------------------------------------------------------- viewsets


class _Rendered(bytes):
    """JSON rendered already (an anonymous answer from the shared cache), sent as it is."""


class RenderedJSONRenderer(JSONRenderer):
    """JSONRenderer, which sends bytes rendered already as they are."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, _Rendered):
            return bytes(data)
        return super().render(data, accepted_media_type, renderer_context)


class ApiViewSet(ApiAnswerMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource: list (paginated, filtered) and detail, JSON only.

    - Clients: anonymous, or an account by its personal token or session; the account reads what it
      reads on the site (`reads_circulated`). Anonymous clients are throttled (API_ANON_RATE: 429
      with Retry-After), accounts more loosely (API_USER_RATE).
    - GET, HEAD and OPTIONS only: any other method is a 405 (and writes nothing).
    - Caching: every answer has an ETag (ConditionalGetMiddleware: If-None-Match gives a 304) and
      varies on Authorization and Cookie (ApiAnswerMixin). Anonymous answers are the same for every anonymous client:
      `public, no-cache`, and kept in the portal's shared page cache under its generation, which every
      change to what the API shows renews (publishing.page_cache), so they are never stale. Answers
      to an account are `private, no-cache` and never kept.
    - Subclasses set `queryset` (or `get_queryset()` from request.user alone), `serializer_class`,
      `filterset_class` and `ordering`, a stable order ending on a unique column. `lookup_field`
      "pk" takes ids up to PostgreSQL's largest, written canonically (`01` is no address); anything
      else is a 404, never a 500.
    """

    http_method_names = ["get", "head", "options"]
    renderer_classes = [RenderedJSONRenderer]
    pagination_class = PageNumberPagination
    filter_backends = [StrictFilterBackend]
    ordering: tuple[str, ...] = ("pk",)
    # Names the resource in "No meeting 'x'." answers.
    noun: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The values a lookup takes (a path converter): anything else is no address of the API (its JSON
        # 404), never a query.
        if "lookup_value_converter" not in cls.__dict__:
            cls.lookup_value_converter = "number" if cls.lookup_field in ("pk", "id") else "slug"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*self.ordering)

    def get_object(self):
        """The object named by the address, among those this client may read (`get_queryset`); a detail
        reads no parameter, and filters never apply to it."""
        unknown = sorted(set(self.request.query_params) - {FORMAT_PARAMETER})
        if unknown:
            raise exceptions.ValidationError(
                {name: [gettext("Unknown parameter: a single object's address reads none.")] for name in unknown[:10]}
            )
        value = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        if self.lookup_field in ("pk", "id") and (not value.isdigit() or int(value) > LARGEST_ID):
            raise exceptions.NotFound(self._not_found_message(value))
        obj = self.get_queryset().filter(**{self.lookup_field: value}).first()
        if obj is None:
            raise exceptions.NotFound(self._not_found_message(value))
        return obj

    def _not_found_message(self, value) -> str:
        noun = self.noun or self.get_queryset().model._meta.verbose_name
        return gettext("No %(noun)s %(value)s here.") % {"noun": noun, "value": _shown(str(value))}

    # -- caching

    def list(self, request, *args, **kwargs):
        return self._shared_for_anonymous(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._shared_for_anonymous(super().retrieve, request, *args, **kwargs)

    def _shared_for_anonymous(self, handler, request, *args, **kwargs):
        """An anonymous client's answer from the shared page cache, rendered once per generation and
        day (a group's current posts change at midnight); an account's, rendered each time."""
        if request.user.is_authenticated:
            return handler(request, *args, **kwargs)
        address = request.build_absolute_uri()
        key = f"api:{timezone.localdate().isoformat()}:{hashlib.sha256(address.encode('utf-8', 'surrogatepass')).hexdigest()}"

        def render() -> bytes:
            response = handler(request, *args, **kwargs)  # a 400 or 404 raises: nothing is kept
            return JSONRenderer().render(response.data)

        return Response(_Rendered(page_cache.shared_part(key, render)))
