from django import forms

from core.dates import long_date
from decisions.models import Revision


class RedlineForm(forms.Form):
    """Which two rounds to compare: by revision number (0 = the original)."""

    older = forms.TypedChoiceField(label="From", coerce=int)
    newer = forms.TypedChoiceField(label="To", coerce=int)

    def __init__(self, *args, revisions: list[Revision], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(revision.number, f"{revision.label}, {long_date(revision.created_at)}") for revision in revisions]
        self.fields["older"].choices = self.fields["newer"].choices = choices
        self.fields["older"].error_messages["invalid_choice"] = self.fields["newer"].error_messages[
            "invalid_choice"
        ] = "There is no revision %(value)s of this decision that you can read."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            raise forms.ValidationError("Choose two different revisions.")
        return cleaned
