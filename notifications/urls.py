from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/settings/", views.settings_view, name="settings"),
    path("subscribe/", views.subscribe_view, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent_view, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.subscribe_confirm_view, name="subscribe_confirm"),
    path("subscription/<str:token>/", views.subscription_manage_view, name="subscription_manage"),
    path("subscription/<str:token>/unsubscribe/", views.unsubscribe_view, name="unsubscribe"),
]
