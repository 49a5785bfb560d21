from django.utils import timezone, translation
from django.views.generic import TemplateView

from meetings.selectors import meetings_visible_to
from public.search import groups_matching, meetings_matching, updates_matching
from publishing import page_cache
from publishing.search import PAGE_SIZE, query_words, search_published
from publishing.selectors import latest_publications


class HomeView(TemplateView):
    template_name = "home.html"

    # Publishing and every admin edit (a meeting added or moved) clear it at once.
    @page_cache.for_anonymous_visitors()
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        meetings = meetings_visible_to(self.request.user)
        return super().get_context_data(
            publications=latest_publications(8, language=translation.get_language()),
            upcoming_meetings=meetings.filter(start_date__gte=today).order_by("start_date")[:5],
            recent_meetings=meetings.filter(start_date__lt=today)[:5],
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "search.html"

    @page_cache.for_anonymous_visitors(reads=("q", "page"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:200].strip()
        try:
            page = max(1, min(int(self.request.GET.get("page", 1)), 50))
        except ValueError:
            page = 1
        # Nothing to look for (only punctuation, say): said so, rather than "nothing matches".
        searchable = bool(query_words(query))
        hits = search_published(query, page=page, limit=PAGE_SIZE + 1) if searchable else []
        first_page = searchable and page == 1
        return super().get_context_data(
            query=query,
            searchable=searchable,
            hits=hits[:PAGE_SIZE],
            # Meetings, groups and their updates on the first page, above the documents (public/search.py).
            meetings=list(meetings_matching(query, self.request.user)) if first_page else [],
            groups=list(groups_matching(query)) if first_page else [],
            updates=list(updates_matching(query)) if first_page else [],
            page=page,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if len(hits) > PAGE_SIZE else None,
            first_number=(page - 1) * PAGE_SIZE + 1,
            last_number=(page - 1) * PAGE_SIZE + len(hits[:PAGE_SIZE]),
            **kwargs,
        )
