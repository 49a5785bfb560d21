from django import forms

from contacts.models import ContactListEdition
from core.uploads import MAX_IMPORT_SIZE


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, edition):
        return f"as of {edition.as_of_label}"


class EditionCompareForm(forms.Form):
    older = EditionChoiceField(queryset=ContactListEdition.objects.order_by("-as_of"), label="From the edition")
    newer = EditionChoiceField(queryset=ContactListEdition.objects.order_by("-as_of"), label="to the edition")

    def clean(self):
        cleaned = super().clean()
        older, newer = cleaned.get("older"), cleaned.get("newer")
        if older and newer and older.as_of > newer.as_of:
            cleaned["older"], cleaned["newer"] = newer, older
        return cleaned


class ContactListImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV (UTF-8), TSV or Excel (.xlsx) with the columns Thematic Area/role, Country, Name, Email address."
    )
    as_of = forms.DateField(
        label="Update as of",
        help_text="The date the list is issued as of (YYYY-MM-DD). An edition of that date is replaced.",
    )
    title = forms.CharField(max_length=200, initial="Friends of the President contact list")

    MAX_SIZE = MAX_IMPORT_SIZE

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError("A contact list file may be at most 5 MB.")
        return upload


class ContactListEditionIssueForm(forms.Form):
    as_of = forms.DateField(label="Update as of", help_text="The date of the new edition (YYYY-MM-DD).")
