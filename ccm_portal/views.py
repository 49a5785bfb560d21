import datetime

from django.views.generic import TemplateView

from decisions.selectors import decisions_visible_to
from meetings.models import Meeting


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        return super().get_context_data(
            upcoming_meetings=Meeting.objects.filter(start_date__gte=today).order_by("start_date")[:5],
            recent_meetings=Meeting.objects.filter(start_date__lt=today)[:5],
            decisions=decisions_visible_to(self.request.user).select_related("meeting")[:5],
            **kwargs,
        )
