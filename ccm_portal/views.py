import datetime

from django.views.generic import TemplateView

from ccm_portal.publishing.search import search_published
from ccm_portal.publishing.selectors import latest_publications
from meetings.models import Meeting


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        return super().get_context_data(
            publications=latest_publications(8),
            upcoming_meetings=Meeting.objects.filter(start_date__gte=today).order_by("start_date")[:5],
            recent_meetings=Meeting.objects.filter(start_date__lt=today)[:5],
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:200]
        return super().get_context_data(query=query, hits=search_published(query), **kwargs)
