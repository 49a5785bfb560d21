from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("data/", views.OpenDataView.as_view(), name="data"),
    path("accounts/api-tokens/", views.token_list_view, name="token_list"),
    path("accounts/api-tokens/<uuid:uid>/revoke/", views.token_revoke_view, name="token_revoke"),
]
