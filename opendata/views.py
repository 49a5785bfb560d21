"""The reader's personal API tokens: made (shown once) and revoked on their settings page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from opendata import selectors, services
from opendata.forms import ApiTokenForm
from publishing import page_cache

# A token just made waits in the reader's session for the page the POST redirects to, which shows it once.
NEW_TOKEN_SESSION_KEY = "opendata:new-token"  # noqa: S105 - a session key, not a secret


@never_cache  # the page shows a new token once: no cache, the browser's included, may keep it
@login_required
@require_http_methods(["GET", "POST"])
def token_list_view(request):
    """The reader's tokens, and a form to make one. A token made is shown on the page the POST redirects
    to, once: reloading that page makes no other token, and shows this one no more."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = new_token
            return redirect("opendata:token_list")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "opendata/apitoken_list.html",
        {"form": form, "tokens": selectors.api_tokens_of(request.user), "new_token": new_token},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke_view(request, uid: uuid.UUID):
    """Revoke one of the reader's own tokens; anyone else's is not found."""
    if not services.api_token_revoke(user=request.user, uid=uid):
        raise Http404("No such token of yours.")
    messages.success(request, _("The token is revoked: programs using it are refused from now on."))
    return redirect("opendata:token_list")


class OpenDataView(TemplateView):
    """/data/: the API, the decisions as Akoma Ntoso, and the latest export of everything public."""

    template_name = "opendata/data.html"

    # A new export renews the page cache's generation (services.public_export_publish).
    @page_cache.for_anonymous_visitors()
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(export=selectors.latest_public_export(), **kwargs)
