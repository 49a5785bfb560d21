from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.DecisionListView.as_view(), name="decision_list"),
    path("<slug:slug>/", views.DecisionDetailView.as_view(), name="decision_detail"),
]
