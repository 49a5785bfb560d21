from django import forms

from meetings.models import Language, Meeting


class MeetingAdminForm(forms.ModelForm):
    """Languages as check boxes rather than raw JSON."""

    languages = forms.MultipleChoiceField(choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind", "number", "title", "slug", "groups",
            "start_date", "end_date", "dates_tentative", "dates_note", "start_time", "end_time", "time_zone",
            "venue", "room", "city", "country", "chair", "languages", "notes",
        ]  # fmt: skip
