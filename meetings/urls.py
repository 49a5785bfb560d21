from django.urls import path

from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use
from meetings import calendar_views, ical_views, tracker_views, views
from meetings.models import Agenda, Minutes
from publishing.urls import document_urlpatterns
from workgroups.access import may_read_circulated

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/calendar/", calendar_views.calendar_this_month, name="calendar"),
    path("meetings/calendar/<int:year>/<int:month>/", calendar_views.calendar_month, name="calendar_month"),
    path("meetings/calendar.ics", ical_views.all_meetings_ics, name="meetings_ics"),
    path("meetings/<slug:slug>.ics", ical_views.meeting_ics, name="meeting_ics"),
    path("groups/<slug:slug>/calendar.ics", ical_views.group_meetings_ics, name="group_meetings_ics"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<slug:slug>/documents/<number:pk>/", views.meeting_document, name="meeting_document"),
    path("minutes/", views.MinutesListView.as_view(), name="minutes_list"),
    path("action-points/", tracker_views.ActionPointTrackerView.as_view(), name="action_point_tracker"),
    path(
        "meetings/<slug:slug>/minutes/compare/",
        views.MinutesCompareView.as_view(reader_access=may_read_circulated),
        name="minutes_compare",
    ),
    path(
        "meetings/<slug:slug>/minutes/compare.pdf",
        views.MinutesComparePdfView.as_view(reader_access=may_read_circulated),
        name="minutes_compare_pdf",
    ),
    *document_urlpatterns(
        "meetings/<slug:slug>/minutes", Minutes, "minutes", reader_access=may_read_circulated, comments=True
    ),
    *document_urlpatterns(
        "meetings/<slug:slug>/agenda", Agenda, "agenda", reader_access=may_read_circulated, comments=True
    ),
]
