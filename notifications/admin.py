from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import OutgoingMessage, Preferences, Subscriber
from notifications.services import message_retry


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Every e-mail made, sent or not: failures stay here with their error, for staff to send again."""

    list_display = ["subject", "to_address", "kind", "language", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_address", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutgoingMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again (those not sent)"), permissions=["view"])
    def send_again(self, request, queryset):
        unsent = queryset.exclude(status=OutgoingMessage.Status.SENT)
        for message in unsent:
            message_retry(message=message)
        count = len(unsent)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """The public's confirmed subscriptions. Made only by the subscriber's confirmation."""

    list_display = ["address", "all_publications", "language", "confirmed_at"]
    list_filter = ["all_publications", "language", "groups"]
    search_fields = ["address"]
    fields = ["address", "language", "all_publications", "groups", "document_types", "confirmed_at"]
    readonly_fields = ["address", "confirmed_at"]
    filter_horizontal = ["groups"]

    def has_add_permission(self, request):
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "circulations", "action_points", "terms", "comment_digest"]
    list_select_related = ["person", "user"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["user"]
