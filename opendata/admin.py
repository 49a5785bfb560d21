"""Staff see every account's personal API tokens and revoke them; nothing else.

A token is made by its holder on their own page (/accounts/api-tokens/), never here: no add. Nothing of
a token is edited here either. Neither its digest (the primary key, knox's SHA-512 of the token) nor its
key (the token's first characters, knox's lookup prefix) is shown anywhere in these pages or their
addresses: there is no object page (its address would hold the digest), and the list's boxes name each
token by its uid.
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from opendata import services
from opendata.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created", "last_used_at", "expiry"]
    list_display_links = None  # no object page to open: everything shown is in the list
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    search_help_text = _("Search by the holder's user name, e-mail address or name.")
    date_hierarchy = "created"
    actions = ["revoke"]

    def get_urls(self):
        # The list only: an object's page (to view, delete, or see its history) would carry its primary key,
        # the digest, in its address.
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_changelist",
            )
        ]

    def has_add_permission(self, request):
        return False  # made by their holder, shown to them once

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Django's own deletion confirms on a page that names each object by its primary key, the digest.
        actions.pop("delete_selected", None)
        return actions

    def action_checkbox(self, obj):
        """Django's box, naming the token by its uid, never by its primary key (the digest)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.uid))

    def response_action(self, request, queryset):
        """The boxes' uids, as the primary keys Django's actions select by."""
        if helpers.ACTION_CHECKBOX_NAME in request.POST:
            posted = request.POST.copy()
            uids = [value for value in posted.getlist(helpers.ACTION_CHECKBOX_NAME) if _is_uuid(value)]
            digests = ApiToken.objects.filter(uid__in=uids).values_list("pk", flat=True)
            posted.setlist(helpers.ACTION_CHECKBOX_NAME, list(digests))
            request.POST = posted
        return super().response_action(request, queryset)

    @admin.action(permissions=["delete"], description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        """Delete them: a program using one is refused (401) from its next request on."""
        tokens = list(queryset.select_related("user"))
        self.log_deletions(request, tokens)
        count = services.api_tokens_revoke(tokens=ApiToken.objects.filter(pk__in=[token.pk for token in tokens]))
        self.message_user(
            request,
            ngettext(
                "%(count)d token revoked: programs using it are refused from now on.",
                "%(count)d tokens revoked: programs using them are refused from now on.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
