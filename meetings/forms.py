from django import forms

from meetings.models import Language, Meeting
from workgroups.models import WorkingGroup


class MeetingAdminForm(forms.ModelForm):
    """Languages as check boxes rather than raw JSON."""

    languages = forms.MultipleChoiceField(choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind", "number", "title", "slug", "groups", "is_public",
            "start_date", "end_date", "dates_tentative", "dates_note", "start_time", "end_time", "time_zone",
            "venue", "room", "city", "country", "chair", "languages", "notes",
        ]  # fmt: skip


class MeetingFilterForm(forms.Form):
    """Filters of the meeting list and calendar; a value that is not valid is refused with a message."""

    kind = forms.ChoiceField(
        label="Kind of meeting", choices=[("", "All meetings"), *Meeting.Kind.choices], required=False
    )
    group = forms.ModelChoiceField(
        label="Working group",
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All groups",
    )

    def filter(self, meetings):
        if kind := self.cleaned_data["kind"]:
            meetings = meetings.filter(kind=kind)
        if group := self.cleaned_data["group"]:
            meetings = meetings.filter(groups=group)
        return meetings
