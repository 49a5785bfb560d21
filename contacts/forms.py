import copy
from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core import validators
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactListCorrection, ContactListEdition, Person
from contacts.services import correction_acceptance_problems, password_reset_mail_allowed
from core.uploads import MAX_IMPORT_SIZE


class PortalPasswordResetForm(PasswordResetForm):
    """Django's, with the e-mail's link at PORTAL_URL, as every e-mail the portal sends links its pages.

    Django's own builds the link from the request's Host (with its port): any host in ALLOWED_HOSTS, or
    one a proxy passed on, would get a link to itself mailed to the account's owner."""

    def save(self, **kwargs):
        request = kwargs.get("request")
        client = (get_client_ip_address(request) if request is not None else None) or "unknown"
        if not password_reset_mail_allowed(address=self.cleaned_data["email"], client=client):
            return  # the same answer as when the e-mail goes
        portal = urlsplit(settings.PORTAL_URL)
        # "{{ protocol }}://{{ domain }}{% url ... %}" in the e-mail: the origin, and any path PORTAL_URL has.
        kwargs["domain_override"] = portal.netloc + portal.path.rstrip("/")
        kwargs["use_https"] = portal.scheme == "https"
        return super().save(**kwargs)


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, edition):
        return gettext("as of %(date)s") % {"date": edition.as_of_label}


class EditionCompareForm(forms.Form):
    older = EditionChoiceField(queryset=ContactListEdition.objects.order_by("-as_of"), label=_("From the edition"))
    newer = EditionChoiceField(queryset=ContactListEdition.objects.order_by("-as_of"), label=_("to the edition"))

    def clean(self):
        cleaned = super().clean()
        older, newer = cleaned.get("older"), cleaned.get("newer")
        if older and newer and older.as_of > newer.as_of:
            cleaned["older"], cleaned["newer"] = newer, older
        return cleaned


class ContactListImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8), TSV or Excel (.xlsx) with the columns Thematic Area/role, Country, Name, Email address."
        ),
    )
    as_of = forms.DateField(
        label=_("Update as of"),
        help_text=_("The date the list is issued as of (YYYY-MM-DD). An edition of that date is replaced."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, initial="Friends of the President contact list")

    MAX_SIZE = MAX_IMPORT_SIZE

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(gettext("A contact list file may be at most 5 MB."))
        return upload


class ContactListEditionIssueForm(forms.Form):
    as_of = forms.DateField(label=_("Update as of"), help_text=_("The date of the new edition (YYYY-MM-DD)."))


class AddressesField(forms.CharField):
    """E-mail addresses, separated by commas, semicolons, spaces or lines: each one checked."""

    def to_python(self, value):
        text = super().to_python(value)
        return [address for address in text.replace(",", " ").replace(";", " ").split() if address]

    def validate(self, value):
        super().validate(value)
        invalid = []
        for address in value:
            try:
                validators.validate_email(address)
            except forms.ValidationError:
                invalid.append(address)
        if invalid:
            raise forms.ValidationError(
                gettext("Not an e-mail address: %(invalid)s."), params={"invalid": ", ".join(invalid)}, code="invalid"
            )


class ContactListCorrectionForm(forms.ModelForm):
    """A Friend's proposal: a correction to one row of the newest list (`entry`), or a new row (no entry)."""

    addresses = AddressesField(
        label=_("E-mail addresses"),
        required=False,
        help_text=_("All the person's addresses, in order, separated by commas; leave empty to keep them."),
    )

    class Meta:
        model = ContactListCorrection
        fields = [
            "person",
            "leaves",
            "name",
            "addresses",
            "role",
            "country",
            "organisation",
            "affiliation_in_words",
            "note",
        ]
        labels = {
            "person": pgettext_lazy("the person a correction is about", "Who"),
            "country": _("Country"),
            "organisation": _("Organisation"),
            "note": _("Note"),
            "name": _("Name (as it should be listed)"),
        }
        help_texts = {
            "country": _("Leave empty to keep the row's. Not in the list? Write it in words below."),
            "organisation": _("Instead of a country. Not in the list? Write it in words below."),
            "note": _("Anything staff should know: where the change comes from, since when."),
        }

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.instance.entry = entry
        self.instance.new_row = entry is None
        if entry is None:
            for name in ("person", "leaves"):
                del self.fields[name]
            self.fields["role"].help_text = gettext("The new row's thematic area or role.")
            self.fields["name"].label = gettext("Name of the person listed on it")
            # There is nothing to keep on a new row: the help texts of a correction would mislead.
            self.fields["name"].help_text = gettext("As the list should print it, given name first.")
            self.fields["addresses"].help_text = gettext("The person's addresses, in order, separated by commas.")
            self.fields["country"].help_text = gettext("Not in the list? Write it in words below.")
        else:
            person = self.fields["person"]
            person.queryset = Person.objects.filter(contact_list_memberships__entry=entry).order_by(
                "contact_list_memberships__position"
            )
            person.empty_label = gettext("Someone joining this row, or the row itself")
            person.help_text = gettext("The person on this row the correction is about.")

    def clean(self):
        cleaned = super().clean()
        person, leaves = cleaned.get("person"), cleaned.get("leaves")
        if leaves and person is None:
            self.add_error("leaves", gettext("Choose who leaves the row."))
        if cleaned.get("country") and cleaned.get("organisation"):
            self.add_error("organisation", gettext("Give either a country or an organisation, not both."))
        if self.entry is None:
            if not cleaned.get("name"):
                self.add_error("name", gettext("Name the person listed on the new row."))
            if not (cleaned.get("country") or cleaned.get("organisation") or cleaned.get("affiliation_in_words")):
                self.add_error(
                    "country", gettext("Choose the new row's country or organisation, or write it in words.")
                )
        elif person is None and cleaned.get("addresses") and not cleaned.get("name"):
            self.add_error("name", gettext("Name the person joining the row these addresses belong to."))
        changes = ("leaves", "name", "addresses", "role", "country", "organisation", "affiliation_in_words")
        if not self.errors and not any(cleaned.get(name) for name in changes):
            raise forms.ValidationError(gettext("The proposal changes nothing: fill in what should change."))
        return cleaned


class ContactListCorrectionDecisionForm(forms.ModelForm):
    """The admin's form for a proposal: staff may choose the country or organisation it names in words,
    and accept or decline (with a reason) by the buttons of the change form."""

    class Meta:
        model = ContactListCorrection
        fields = ["country", "organisation", "decline_reason"]
        labels = {"country": _("Country"), "organisation": _("Organisation"), "decline_reason": _("Decline reason")}

    def clean(self):
        cleaned = super().clean()
        deciding = "_accept" in self.data or "_decline" in self.data
        if deciding and self.instance.status != ContactListCorrection.Status.OPEN:
            # A second tab, or a colleague who decided first: nothing to decide any more.
            if self.instance.status == ContactListCorrection.Status.ACCEPTED:
                message = gettext("This proposal is accepted already: reload the page to see the decision.")
            else:
                message = gettext("This proposal is declined already: reload the page to see the decision.")
            raise forms.ValidationError(message)

        if "_decline" in self.data and not cleaned.get("decline_reason", "").strip():
            self.add_error("decline_reason", gettext("Give the reason for declining: the proposer reads it."))
        if "_accept" in self.data:
            candidate = copy.copy(self.instance)  # as it will be saved, before it is
            candidate.country, candidate.organisation = cleaned.get("country"), cleaned.get("organisation")
            for field, message in correction_acceptance_problems(candidate).items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned
