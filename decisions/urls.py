from django.urls import path

from ccm_portal.publishing.urls import document_urlpatterns
from decisions import views
from decisions.models import Decision

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    *document_urlpatterns("decisions/<slug:slug>", Decision, "decision"),
]
