from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import long_date
from decisions.models import Revision


class RedlineForm(forms.Form):
    """Which two rounds to compare: by revision number (0 = the original)."""

    older = forms.TypedChoiceField(label=_("From"), coerce=int)
    newer = forms.TypedChoiceField(label=_("To"), coerce=int)

    def __init__(self, *args, revisions: list[Revision], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(revision.number, f"{revision.label}, {long_date(revision.created_at)}") for revision in revisions]
        self.fields["older"].choices = self.fields["newer"].choices = choices
        self.fields["older"].error_messages["invalid_choice"] = self.fields["newer"].error_messages[
            "invalid_choice"
        ] = gettext("There is no revision %(value)s of this decision that you can read.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            raise forms.ValidationError(gettext("Choose two different revisions."))
        return cleaned
