from django.urls import path

from contacts import views
from contacts.exports import edition_csv, edition_vcards, edition_xlsx
from core import url_converters  # noqa: F401 - registers <number:...>, which the routes below use

app_name = "contacts"
urlpatterns = [
    path("accounts/invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("contacts/", views.DirectoryView.as_view(), name="directory"),
    path("contacts/compare/", views.EditionCompareView.as_view(), name="edition_compare"),
    path("contacts/corrections/", views.CorrectionListView.as_view(), name="correction_list"),
    path("contacts/corrections/new-row/", views.CorrectionProposeView.as_view(), name="correction_new_row"),
    path(
        "contacts/corrections/row/<number:entry_id>/", views.CorrectionProposeView.as_view(), name="correction_propose"
    ),
    path("contacts/corrections/<number:pk>/", views.CorrectionDetailView.as_view(), name="correction_detail"),
    path("contacts/<str:as_of>/", views.DirectoryView.as_view(), name="edition_directory"),
    path(
        "contacts/<str:as_of>/contact-list.csv",
        views.EditionExportView.as_view(export=edition_csv, content_type="text/csv; charset=utf-8", extension="csv"),
        name="edition_csv",
    ),
    path(
        "contacts/<str:as_of>/contact-list.xlsx",
        views.EditionExportView.as_view(
            export=edition_xlsx,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            extension="xlsx",
        ),
        name="edition_xlsx",
    ),
    path(
        "contacts/<str:as_of>/contact-list.vcf",
        views.EditionExportView.as_view(
            export=edition_vcards, content_type="text/vcard; charset=utf-8", extension="vcf"
        ),
        name="edition_vcf",
    ),
    path("contacts/<str:as_of>/contact-list.pdf", views.EditionPdfView.as_view(), name="edition_pdf"),
]
