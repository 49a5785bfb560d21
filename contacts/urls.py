from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("accounts/invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
