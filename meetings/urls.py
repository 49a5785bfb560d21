from django.urls import path

from ccm_portal.publishing.urls import document_urlpatterns
from meetings import views
from meetings.models import Minutes

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("minutes/", views.MinutesListView.as_view(), name="minutes_list"),
    *document_urlpatterns("meetings/<slug:slug>/minutes", Minutes, "minutes"),
]
