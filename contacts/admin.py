from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.admin_views import contact_list_edition_issue_view, contact_list_import_view
from contacts.forms import ContactListCorrectionDecisionForm
from contacts.models import (
    ContactListCorrection,
    ContactListEdition,
    ContactListEntry,
    ContactListMember,
    Country,
    EmailAddress,
    Organisation,
    Person,
)
from contacts.services import (
    contact_list_correction_accept,
    contact_list_correction_decline,
    contact_list_pdfs_queue,
    person_invite,
)
from core.admin_inlines import SharedChoicesMixin, SharedChoicesTabularInline
from publishing.admin import ClearsPageCacheMixin


class QueuesContactListPdfsMixin:
    """A change to a list's rows, its people or their addresses changes what its PDF shows: every
    add, change or deletion made here queues the editions' PDFs after the commit (deletions after
    the delete itself: the "delete selected" action logs before deleting, outside a transaction)."""

    def log_addition(self, request, obj, message):
        contact_list_pdfs_queue()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        contact_list_pdfs_queue()
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        contact_list_pdfs_queue()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        contact_list_pdfs_queue()


@admin.register(Country)
class CountryAdmin(ClearsPageCacheMixin, QueuesContactListPdfsMixin, SimpleHistoryAdmin):
    # Countries' names show as the holders of posts and on meeting pages, and in the API.
    list_display = ["name", "is_state_party"]
    list_filter = ["is_state_party"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(ClearsPageCacheMixin, QueuesContactListPdfsMixin, SimpleHistoryAdmin):
    list_display = ["name", "full_name", "kind", "location"]
    list_filter = ["kind"]
    search_fields = ["name", "full_name"]


class EmailAddressInline(admin.TabularInline):
    model = EmailAddress
    extra = 1
    fields = ["address", "position"]


@admin.register(Person)
class PersonAdmin(ClearsPageCacheMixin, QueuesContactListPdfsMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    # The name as listed is what the list prints; given and family names are what address
    # books file under (an import splits them, particles with the family name: correct them here).
    fields = ["name", "given_name", "family_name", "title", "country", "organisation", "user"]
    list_display = ["name", "family_name", "given_name", "title", "country", "organisation", "user"]
    list_select_related = ["country", "organisation", "user"]
    list_filter = ["country__is_state_party", "organisation"]
    search_fields = [
        "name",
        "given_name",
        "family_name",
        "email_addresses__address",
        "country__name",
        "organisation__name",
    ]
    raw_id_fields = ["user"]
    inlines = [EmailAddressInline]
    actions = ["invite_selected"]

    @admin.action(description=_("Invite the selected people to sign in (e-mails a link to set a password)"))
    def invite_selected(self, request, queryset):
        # PORTAL_URL, as every e-mail's links: not the Host (and port) this request came in by.
        site_url = settings.PORTAL_URL
        for person in queryset.select_related("user"):
            try:
                address = person_invite(person=person, site_url=site_url, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Invitation sent to %(person)s at %(address)s.") % {"person": person, "address": address},
                    messages.SUCCESS,
                )


class ContactListEntryInline(SharedChoicesTabularInline):
    model = ContactListEntry
    extra = 0
    fields = ["position", "role", "country", "organisation"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "organisation")


@admin.register(ContactListEdition)
class ContactListEditionAdmin(QueuesContactListPdfsMixin, SimpleHistoryAdmin):
    list_display = ["title", "as_of"]
    date_hierarchy = "as_of"
    inlines = [ContactListEntryInline]
    change_list_template = "admin/contacts/contactlistedition/change_list.html"
    change_form_template = "admin/contacts/contactlistedition/change_form.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(partial(contact_list_import_view, self)),
                name="contacts_contactlistedition_import",
            ),
            path(
                "<path:object_id>/issue/",
                self.admin_site.admin_view(partial(contact_list_edition_issue_view, self)),
                name="contacts_contactlistedition_issue",
            ),
            *super().get_urls(),
        ]


class ContactListMemberInline(SharedChoicesTabularInline):
    model = ContactListMember
    extra = 1
    fields = ["position", "person", "addresses"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(ContactListEntry)
class ContactListEntryAdmin(QueuesContactListPdfsMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["role", "affiliation_label", "edition", "position"]
    list_filter = ["edition"]
    search_fields = ["role", "country__name", "organisation__name", "people__name"]
    inlines = [ContactListMemberInline]

    def get_queryset(self, request):
        # For the list columns and __str__; replaces list_select_related, which Django
        # skips when the queryset already selects related rows.
        return super().get_queryset(request).select_related("edition", "country", "organisation")

    @admin.display(description=_("Country or organisation"))
    def affiliation_label(self, entry):
        return entry.affiliation_label


@admin.register(ContactListCorrection)
class ContactListCorrectionAdmin(SimpleHistoryAdmin):
    """Friends' proposals beside the row they correct, the differences marked; Accept or Decline below."""

    form = ContactListCorrectionDecisionForm
    change_form_template = "admin/contacts/contactlistcorrection/change_form.html"
    list_display = ["__str__", "status", "proposed_by", "proposed_at", "carried_in"]
    list_filter = ["status"]
    search_fields = ["name", "role", "affiliation_in_words", "note", "proposed_by__username"]
    fields = [
        "proposed_by",
        "proposed_at",
        "status",
        "current_row",
        "differences",
        "note",
        "affiliation_in_words",
        "country",
        "organisation",
        "decline_reason",
        "decided_by",
        "decided_at",
        "carried_in",
    ]
    readonly_fields = [field for field in fields if field not in {"country", "organisation", "decline_reason"}]

    def has_add_permission(self, request):
        return False  # proposals come from Friends, through the directory

    def get_queryset(self, request):
        # The list's columns and __str__, and the change form's row and differences.
        return (
            super()
            .get_queryset(request)
            .select_related(
                "proposed_by",
                "decided_by",
                "entry__edition",
                "entry__country",
                "entry__organisation",
                "person",
                "country",
                "organisation",
                "carried_in",
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != ContactListCorrection.Status.OPEN:
            return self.fields  # decided: kept as decided
        return self.readonly_fields

    @admin.display(description=_("The row now"))
    def current_row(self, correction):
        entry = correction.entry
        members = entry.members.select_related("person") if entry else []
        return render_to_string(
            "admin/contacts/contactlistcorrection/_current_row.html", {"entry": entry, "members": members}
        )

    @admin.display(description=_("Proposed changes"))
    def differences(self, correction):
        return render_to_string("contacts/_correction_changes.html", {"correction": correction})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            if "_accept" in request.POST:
                contact_list_correction_accept(correction=obj, by=request.user)
                self.message_user(
                    request,
                    gettext("%(proposal)s is accepted into the working edition.") % {"proposal": obj},
                    messages.SUCCESS,
                )
            elif "_decline" in request.POST:
                contact_list_correction_decline(correction=obj, reason=obj.decline_reason, by=request.user)
                self.message_user(request, gettext("%(proposal)s is declined.") % {"proposal": obj}, messages.SUCCESS)

        except ValidationError as error:  # decided meanwhile by someone else (the form checked before)
            self.message_user(request, " ".join(error.messages), messages.ERROR)
