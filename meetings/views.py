from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from core.filtering import FilterFormMixin
from meetings.document_lists import PublicationListView
from meetings.forms import MeetingFilterForm
from meetings.models import MeetingDocument, Minutes
from meetings.selectors import agenda_tree, issued_agenda_items, meetings_visible_to
from publishing.selectors import current_version_or_none
from workgroups.access import may_read_circulated


class MeetingListView(FilterFormMixin, ListView):
    paginate_by = 50
    filter_form_class = MeetingFilterForm

    def get_queryset(self):
        return self.filtered(meetings_visible_to(self.request.user))

    def filter_queryset(self, meetings, cleaned_data):
        return self.filters.filter(meetings)

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class MeetingDetailView(DetailView):
    def get_queryset(self):
        # The minutes and agenda documents come with the meeting (one-to-one), in the same query.
        return meetings_visible_to(self.request.user).select_related("chair__country", "country", "minutes", "agenda")

    def get_context_data(self, **kwargs):
        minutes_version = self._current_version("minutes")
        agenda_version = self._current_version("agenda")
        # An agenda is public when its agenda document is: readers see the items as the
        # readable version froze them (a circulated draft for Friends); staff, who edit
        # them, see the working text, marked as such.
        # A withdrawn document shows its notice here as on its own page: none of its text.
        working_text = self.request.user.is_staff
        agenda_readable = agenda_version is not None and agenda_version.withdrawn_at is None
        minutes_readable = minutes_version is not None and minutes_version.withdrawn_at is None
        return super().get_context_data(
            agenda=agenda_tree(self.object) if working_text else None,
            issued_agenda=issued_agenda_items(agenda_version) if agenda_readable and not working_text else "",
            agenda_version=agenda_version,
            minutes_version=minutes_version,
            # Action points are part of the minutes: shown once the reader may read those.
            action_points=list(self.object.action_points.all()) if minutes_readable else [],
            documents=list(self.object.documents.all()),
            **kwargs,
        )

    def _current_version(self, document_name: str):
        try:
            document = getattr(self.object, document_name)
        except ObjectDoesNotExist:
            return None
        return current_version_or_none(document, reads_circulated=may_read_circulated(self.request.user))


class MinutesListView(PublicationListView):
    model = Minutes
    template_name = "meetings/minutes_list.html"
    year_lookup = "meeting__start_date__year"
    meeting_lookup = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting").order_by("-meeting__start_date")


def meeting_document(request, slug, pk):
    """A meeting's document, under a safe generated name, as an attachment; 404 where the meeting is hidden."""
    meeting = get_object_or_404(meetings_visible_to(request.user), slug=slug)
    document = get_object_or_404(MeetingDocument, meeting=meeting, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        # Read from the content at upload; the file is not inspected again on each download.
        content_type=document.content_type or "application/octet-stream",
    )
