from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_inlines import SharedChoicesMixin, SharedChoicesTabularInline
from publishing.admin import ClearsPageCacheMixin
from workgroups.models import Appointment, WorkingGroup
from workgroups.selectors import committee_members, current_coordinations


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
    readonly_fields = ["committee_membership"]

    def get_fieldsets(self, request, obj=None):
        fields = [name for name in self.get_fields(request, obj) if name != "committee_membership"]
        fieldsets = [(None, {"fields": fields})]
        if obj is not None and obj.kind == WorkingGroup.Kind.COMMITTEE:
            description = _(
                "Derived, not typed: the committee's chair (the President of the Meeting of States Parties) and "
                "other members recorded below, and the current coordinators and co-coordinators of every "
                "working group and thematic area, from those groups' appointments. To change a coordinator, "
                "change the appointment in their group. Record on the committee only its chair and members "
                "no other post makes members: the President-designate, civil society, international organisations."
            )
            fieldsets.append((_("Members today"), {"fields": ["committee_membership"], "description": description}))
        return fieldsets

    @admin.display(description=_("Members"))
    def committee_membership(self, group):
        members = committee_members(
            group,
            own=group.appointments.current().select_related("country", "organisation"),
            coordinations=current_coordinations(),
        )
        if not members:
            return gettext("No members at present.")
        return format_html_join(
            "\n",
            "<div>{} ({}, {}){}</div>",
            (
                (
                    member.holder_label,
                    member.post,
                    member.term_label,
                    gettext(": from the group's appointments") if member.derived else "",
                )
                for member in members
            ),
        )


@admin.register(Appointment)
class AppointmentAdmin(ClearsPageCacheMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    """Appointments show on group pages, the committee's members and the API: a change clears the page cache."""

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
