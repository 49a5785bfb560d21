from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import FIRST_YEAR, LAST_YEAR, ActionPoint, Language, Meeting
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
        label=_("Kind of meeting"), choices=[("", _("All meetings")), *Meeting.Kind.choices], required=False
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All groups"),
    )

    def filter(self, meetings):
        if kind := self.cleaned_data["kind"]:
            meetings = meetings.filter(kind=kind)
        if group := self.cleaned_data["group"]:
            meetings = meetings.filter(groups=group)
        return meetings


class PublicationFilterForm(MeetingFilterForm):
    """The meeting filters (kind, working group) plus year and one meeting, for lists of documents."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    # Set by links from a meeting's page ("decisions for the 2MSP"); not a menu of every meeting.
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.filter(is_public=True),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )


class ActionPointStatusForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["status"]
        labels = {"status": _("Status")}


class BaseActionPointStatusFormSet(forms.BaseModelFormSet):
    """Only the group's own points, which are the formset's queryset.

    A model formset checks a posted id against every action point, not its
    queryset, so a forged post could name another group's; refuse it here.
    """

    def clean(self):
        super().clean()
        own = {point.pk for point in self.get_queryset()}
        for form in self.forms:
            point = getattr(form, "cleaned_data", {}).get("id")
            if point is None or point.pk not in own:
                raise forms.ValidationError(
                    gettext(
                        "This form names an action point that is not assigned to this group; nothing was saved. "
                        "Reload the page and try again."
                    )
                )


# edit_only: the form never creates action points, whatever TOTAL_FORMS says.
ActionPointStatusFormSet = forms.modelformset_factory(
    ActionPoint, form=ActionPointStatusForm, formset=BaseActionPointStatusFormSet, extra=0, edit_only=True
)
