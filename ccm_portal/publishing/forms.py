from django import forms

from meetings.models import Meeting
from workgroups.models import WorkingGroup


class PublicationFilterForm(forms.Form):
    """Filters of the public lists; a value that is not valid is refused with a message, not ignored."""

    year = forms.IntegerField(label="Year", required=False, min_value=2008, max_value=2100)
    group = forms.ModelChoiceField(
        label="Working group",
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All groups",
    )
    kind = forms.ChoiceField(
        label="Kind of meeting", choices=[("", "All meetings"), *Meeting.Kind.choices], required=False
    )
    # Set by links from a meeting's page ("decisions for the 2MSP"); not a menu of every meeting.
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.filter(is_public=True),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
