"""Addresses holding characters no page can use are answered 400 before any view sees them."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext


def holds_unreadable_characters(text: str) -> bool:
    """A NUL byte (PostgreSQL refuses it in any string) or a lone surrogate (no UTF-8 can carry it)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class UnreadableAddressMiddleware:
    """A NUL byte in the path or in any GET parameter's name or value gives 400 with a clear message.

    Without it, such a value reaches a query (search, the contacts directory, a filter
    form) and PostgreSQL's refusal is a 500. Django turns percent-encoded bytes that
    are not UTF-8 into U+FFFD, so lone surrogates should not arrive; they are refused
    as well, since no response could echo them back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = (text for key, values in request.GET.lists() for text in (key, *values))
        if any(holds_unreadable_characters(text) for text in (request.path, *parameters)):
            # In the address's language (/fr/, /es/: LanguageFromAddressMiddleware, above, activated it).
            message = gettext("The address holds characters that cannot be read (a NUL byte).")
            # Programs reading JSON (settings.JSON_PATH_PREFIXES: the API) are told in JSON.
            if request.path_info.startswith(tuple(getattr(settings, "JSON_PATH_PREFIXES", ()))):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
