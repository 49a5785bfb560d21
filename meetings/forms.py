from django import forms

from meetings.models import Language, Meeting


class MeetingAdminForm(forms.ModelForm):
    """Languages as check boxes rather than raw JSON."""

    languages = forms.MultipleChoiceField(
        choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Meeting
        fields = "__all__"
