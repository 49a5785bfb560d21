"""Which format an answer is in: `?format=`, else the Accept header.

Apart from base.py: DRF reads DEFAULT_CONTENT_NEGOTIATION_CLASS when it defines APIView, which base.py's
imports define (so this module imports no view).
"""

from django.utils.translation import gettext
from rest_framework import exceptions, negotiation

# ?format=json (the one format there is; the schema's yaml or json).
FORMAT_PARAMETER = "format"


def shown(value: str) -> str:
    """A client's value quoted back, never a page long."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


class FormatParameterNegotiation(negotiation.DefaultContentNegotiation):
    """`?format=` chooses among the formats an address answers in (json; the schema yaml or json); any
    other value is a 400 naming them. DRF's own URL_FORMAT_OVERRIDE (off in settings.REST_FRAMEWORK)
    answered 404 to an unknown format and carried `?format=` into every address an answer names; this
    reads the parameter and nothing else does, so the addresses in answers stay clean."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = request.query_params.get(FORMAT_PARAMETER)
        if requested is not None:
            chosen = [renderer for renderer in renderers if renderer.format == requested]
            if not chosen:
                formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
                raise exceptions.ValidationError(
                    {
                        FORMAT_PARAMETER: [
                            gettext("Unknown format %(value)s: this address answers in %(formats)s.")
                            % {"value": shown(requested), "formats": formats}
                        ]
                    }
                )
            renderers = chosen
        return super().select_renderer(request, renderers, format_suffix)
