from django.db.models import Prefetch
from django.views.generic import ListView

from core.filtering import FilterFormMixin
from meetings.forms import PublicationFilterForm
from meetings.models import Meeting
from publishing import page_cache
from publishing.models import PublicationState
from publishing.selectors import current_public_versions


class PublicationListView(FilterFormMixin, ListView):
    """Public documents of one type, filtered by year, meeting, kind and group, each with its current version."""

    paginate_by = 50
    filter_form_class = PublicationFilterForm
    year_lookup: str
    meeting_lookup: str  # the document's meeting: "meeting"

    # Lists change when something is published or a record is edited in the
    # admin; both clear the page cache.
    @page_cache.for_anonymous_visitors(reads=("year", "meeting", "kind", "group", "page"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        documents = self.model.objects.filter(publication_state=PublicationState.PUBLIC).prefetch_related(
            Prefetch("versions", queryset=current_public_versions().defer("html", "search_text"), to_attr="current")
        )
        return self.filtered(documents)

    def filter_queryset(self, documents, cleaned_data):
        if year := cleaned_data["year"]:
            documents = documents.filter(**{self.year_lookup: year})
        if meeting := cleaned_data["meeting"]:
            documents = documents.filter(**{self.meeting_lookup: meeting})
        if cleaned_data["kind"] or cleaned_data["group"]:
            meetings = self.filters.filter(Meeting.objects.all())
            documents = documents.filter(**{f"{self.meeting_lookup}__in": meetings})
        return documents

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for document in context["object_list"]:
            for version in document.current:
                version.document = document
        return context
