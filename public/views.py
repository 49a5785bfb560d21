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


def page_asked(asked: str, *, last_page: int) -> tuple[int, str | None]:
    """The page of results `asked` names, and what is wrong with it (None: nothing): "not_a_page" (no
    whole number from 1), "too_deep" (past `last_page`, however many digits: never converted whole).
    Page 1 when something is wrong."""
    if not (asked.isascii() and asked.isdigit()) or not asked.strip("0"):
        return 1, "not_a_page"
    if len(asked.lstrip("0")) > len(str(last_page)) or int(asked) > last_page:
        return 1, "too_deep"
    return int(asked), None


class SearchView(TemplateView):
    template_name = "search.html"
    # Deeper pages cost more to rank past and help nobody: more words narrow a search better.
    LAST_PAGE = 50
    PAGE_PROBLEM_STATUS = {"not_a_page": 400, "too_deep": 400, "past_the_results": 404}

    @page_cache.for_anonymous_visitors(reads=("q", "page"))
    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        # A page number that is none, or a page past the results, is said so, never shown as page 1 or as
        # "nothing matches".
        return self.render_to_response(context, status=self.PAGE_PROBLEM_STATUS.get(context["page_problem"], 200))

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:200].strip()
        asked_page = self.request.GET.get("page", "1").strip()
        page, page_problem = page_asked(asked_page, last_page=self.LAST_PAGE)
        # Nothing to look for (only punctuation, say): said so, rather than "nothing matches".
        searchable = bool(query_words(query)) and page_problem is None
        hits = search_published(query, page=page, limit=PAGE_SIZE + 1) if searchable else []
        if searchable and page > 1 and not hits:
            page_problem = "past_the_results"
        first_page = searchable and page == 1
        return super().get_context_data(
            query=query,
            searchable=searchable,
            asked_page=asked_page,
            page_problem=page_problem,
            last_page=self.LAST_PAGE,
            hits=hits[:PAGE_SIZE],
            # Meetings, groups and their updates on the first page, above the documents (public/search.py).
            meetings=list(meetings_matching(query, self.request.user)) if first_page else [],
            groups=list(groups_matching(query)) if first_page else [],
            updates=list(updates_matching(query)) if first_page else [],
            page=page,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if len(hits) > PAGE_SIZE and page < self.LAST_PAGE else None,
            first_number=(page - 1) * PAGE_SIZE + 1,
            last_number=(page - 1) * PAGE_SIZE + len(hits[:PAGE_SIZE]),
            **kwargs,
        )
