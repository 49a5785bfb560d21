from dataclasses import replace

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_inlines import (
    OrderedTreeInline,
    OrderedTreeInlineFormSet,
    SharedChoicesMixin,
    SharedChoicesTabularInline,
)
from meetings.forms import MeetingAdminForm
from meetings.models import ActionPoint, Agenda, AgendaItem, Meeting, MeetingDocument, Minutes, MinutesSection
from meetings.services import meeting_add_action_point_review, minutes_circulate, minutes_publish
from publishing.admin import STEPS, ClearsPageCacheMixin, PublishableAdminMixin


class AgendaFormSet(OrderedTreeInlineFormSet):
    def number_labels(self, nodes):
        top_level = [node for node in nodes if node.parent_id is None]
        return {node.pk: f"{number}." for number, node in enumerate(top_level, start=1)}


class AgendaItemInline(OrderedTreeInline):
    model = AgendaItem
    formset = AgendaFormSet
    extra = 0
    fields = ["number", "parent", "position", "title", "description", "lead", "lead_wording", "documents"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("documents")


class ActionPointInline(SharedChoicesTabularInline):
    model = ActionPoint
    fk_name = "meeting"
    extra = 0
    fields = ["position", "text", "owner", "owner_person", "group", "due_date", "due_note", "status", "closed_at"]
    raw_id_fields = [
        "owner_person"
    ]  # a lookup, not a menu of every person: SharedChoicesMixin shares menus, and autocomplete needs a menu of its own
    # reviewed_at is set by the "review of action points" action; the action point's own page shows it.


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["position", "kind", "title", "symbol", "language", "file"]


@admin.register(Meeting)
class MeetingAdmin(ClearsPageCacheMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "kind", "start_date", "dates_tentative", "city"]
    list_filter = ["kind", "is_public", "dates_tentative", "groups"]
    search_fields = ["title", "venue", "city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["groups"]
    fieldsets = [
        (None, {"fields": ["kind", "number", "title", "slug", "groups", "is_public"]}),
        (_("When"), {"fields": ["start_date", "end_date", "dates_tentative", "dates_note", "start_time", "end_time", "time_zone"]}),
        (_("Where and how"), {"fields": ["venue", "room", "city", "country", "chair", "languages", "notes"]}),
    ]  # fmt: skip
    inlines = [AgendaItemInline, ActionPointInline, MeetingDocumentInline]
    actions = ["add_action_point_review"]

    @admin.action(description=_("Add a review of open action points to the agenda"))
    def add_action_point_review(self, request, queryset):
        for meeting in queryset:
            try:
                _item, added = meeting_add_action_point_review(meeting=meeting)
            except ValidationError as error:
                self.message_user(request, f"{meeting.title}: {' '.join(error.messages)}", messages.WARNING)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(meeting)s: %(count)s open action point(s) added to the agenda.",
                        "%(meeting)s: %(count)s open action point(s) added to the agenda.",
                        added,
                    )
                    % {"meeting": meeting.title, "count": added},
                )


class MinutesSectionInline(admin.StackedInline):
    model = MinutesSection
    extra = 0
    fields = ["position", "heading", "body"]


@admin.register(Minutes)
class MinutesAdmin(PublishableAdminMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "publication_state"]
    list_filter = ["publication_state", "meeting__kind"]
    search_fields = ["meeting__title", "summary", "sections__heading", "sections__body"]
    inlines = [MinutesSectionInline]
    # Through the minutes' own services: each version keeps its sections, so versions can be compared.
    workflow_steps = {
        **STEPS,
        "circulate": replace(
            STEPS["circulate"],
            run=lambda minutes, *, by, reason="": (
                gettext("Circulated as draft %(number)s; its PDF is being rendered.")
                % {"number": minutes_circulate(minutes=minutes, by=by).number}
            ),
        ),
        "publish": replace(
            STEPS["publish"],
            run=lambda minutes, *, by, reason="": (
                gettext("Published as version %(number)s; its PDF is being rendered.")
                % {"number": minutes_publish(minutes=minutes, by=by).number}
            ),
        ),
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")  # __str__ names the meeting


@admin.register(Agenda)
class AgendaAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    """The agenda as a document; its items are edited on the meeting."""

    list_display = ["__str__", "title", "publication_state"]
    list_filter = ["publication_state", "meeting__kind"]
    search_fields = ["meeting__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")  # __str__ names the meeting


@admin.register(ActionPoint)
class ActionPointAdmin(ClearsPageCacheMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    """Action points show on meeting pages and in the API: a change clears the page cache."""

    list_display = ["__str__", "owner", "owner_person", "meeting", "group", "due_date", "status"]
    list_select_related = ["meeting", "group", "owner_person"]
    raw_id_fields = [
        "owner_person"
    ]  # a lookup, not a menu of every person: SharedChoicesMixin shares menus, and autocomplete needs a menu of its own
    list_filter = ["status", "group"]
    filter_horizontal = ["reviewed_at"]
    search_fields = ["text", "owner", "meeting__title"]
