from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_inlines import SharedChoicesMixin, SharedChoicesTabularInline
from publishing.admin import ClearsPageCacheMixin
from workgroups.models import Appointment, WorkingGroup


class AppointmentInline(SharedChoicesTabularInline):
    model = Appointment
    extra = 0
    fields = ["role", "country", "organisation", "people", "start_date", "end_date"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("group", "country", "organisation").prefetch_related("people")
        )


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ClearsPageCacheMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(SharedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["group", "role", "holder_label", "term_label", "start_date", "end_date"]
    list_filter = ["role", "group"]
    search_fields = ["group__name", "country__name", "organisation__name", "people__name"]
    date_hierarchy = "start_date"
    filter_horizontal = ["people"]

    def get_queryset(self, request):
        # List columns, and __str__ (change form title, history) name the group and the holder.
        return super().get_queryset(request).select_related("group", "country", "organisation")

    @admin.display(description=_("Held by"))
    def holder_label(self, appointment):
        return appointment.holder_label

    @admin.display(description=_("Term"))
    def term_label(self, appointment):
        return appointment.term_label
