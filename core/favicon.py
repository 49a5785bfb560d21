"""/favicon.ico, which every browser asks for whatever the page links: the site's icon, never a 404.

Pages link the SVG icon (static/img/favicon.svg); this answers the old fixed address with the ICO
(static/favicon.ico, 16 and 32 pixels). Behind nginx, nginx sends the collected copy itself
(deploy/nginx/portal.conf.template); without it (runserver, a plain gunicorn) this view does.
"""

import functools

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

ICON_NAME = "favicon.ico"
# A day: the icon changes with a release at most, and a stale one for a day harms nobody.
MAX_AGE = 24 * 60 * 60


@functools.cache
def _icon() -> bytes | None:
    found = finders.find(ICON_NAME)
    if found is None:
        return None
    with open(found, "rb") as opened:
        return opened.read()


@require_safe
def favicon(request) -> HttpResponse:
    icon = _icon()
    if icon is None:
        raise Http404("No icon.")
    response = HttpResponse(icon, content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
