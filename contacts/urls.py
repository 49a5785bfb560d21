from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("accounts/invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("contacts/", views.DirectoryView.as_view(), name="directory"),
    path("contacts/compare/", views.EditionCompareView.as_view(), name="edition_compare"),
    path("contacts/<str:as_of>/", views.DirectoryView.as_view(), name="edition_directory"),
    path("contacts/<str:as_of>/contact-list.csv", views.EditionCsvView.as_view(), name="edition_csv"),
    path("contacts/<str:as_of>/contact-list.vcf", views.EditionVcardView.as_view(), name="edition_vcf"),
    path("contacts/<str:as_of>/contact-list.pdf", views.EditionPdfView.as_view(), name="edition_pdf"),
]
