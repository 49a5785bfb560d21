from django import forms

from meetings.forms import MeetingFilterForm
from meetings.models import Meeting


class PublicationFilterForm(MeetingFilterForm):
    """The meeting filters (kind, working group) plus year and one meeting, for lists of documents."""

    year = forms.IntegerField(label="Year", required=False, min_value=2008, max_value=2100)
    # Set by links from a meeting's page ("decisions for the 2MSP"); not a menu of every meeting.
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.filter(is_public=True),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
