from django.db.models import Prefetch
from django.views.generic import ListView

from ccm_portal.publishing import page_cache
from ccm_portal.publishing.forms import PublicationFilterForm
from ccm_portal.publishing.models import PublicationState
from ccm_portal.publishing.selectors import current_public_versions


class PublicationListView(ListView):
    """Public documents of one type, filtered by year and working group, each with its current version."""

    paginate_by = 50
    year_lookup: str
    group_lookup: str
    meeting_lookup: str  # the document's meeting: "meeting"

    # Lists change when something is published (which clears the page cache) and,
    # rarely, when a meeting's title is edited: they may lag that by five minutes.
    @page_cache.for_anonymous_visitors(timeout=5 * 60)
    def get(self, request, *args, **kwargs):
        self.filters = PublicationFilterForm(request.GET or None)
        response = super().get(request, *args, **kwargs)
        if self.filters.is_bound and not self.filters.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        documents = self.model.objects.filter(publication_state=PublicationState.PUBLIC).prefetch_related(
            Prefetch("versions", queryset=current_public_versions().defer("html", "search_text"), to_attr="current")
        )
        if not self.filters.is_bound:
            return documents
        if not self.filters.is_valid():
            return documents.none()
        if year := self.filters.cleaned_data["year"]:
            documents = documents.filter(**{self.year_lookup: year})
        if group := self.filters.cleaned_data["group"]:
            documents = documents.filter(**{self.group_lookup: group}).distinct()
        if kind := self.filters.cleaned_data["kind"]:
            documents = documents.filter(**{f"{self.meeting_lookup}__kind": kind})
        if meeting := self.filters.cleaned_data["meeting"]:
            documents = documents.filter(**{self.meeting_lookup: meeting})
        return documents

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filters=self.filters, **kwargs)
        for document in context["object_list"]:
            for version in document.current:
                version.document = document
        return context
