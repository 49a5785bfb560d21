from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.edit_conflicts import RevisionField
from workgroups.models import GroupDocument, GroupPageTranslation, GroupUpdate, WorkingGroup

MARKDOWN_HINT = _("Formatting: *italic*, **bold**, [a link](https://…), lists with - or 1. Use Preview to check.")


def _inner_helper() -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons around the fields.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class MarkdownPreviewForm(forms.ModelForm):
    """A form of Markdown fields with a revision check; `markdown_fields` are the ones previewed."""

    markdown_fields: tuple[str, ...] = ()
    revision = RevisionField()

    def __init__(self, *args, revision: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = revision
        for name in self.markdown_fields:
            self.fields[name].help_text = f"{self.fields[name].help_text} {MARKDOWN_HINT}".strip()
            self.fields[name].widget.attrs["rows"] = 12
        self.helper = _inner_helper()

    def restart_from(self, revision: int) -> None:
        """Keep what the editor typed, but let the next save count from `revision` (after a conflict)."""
        self.data = self.data.copy()
        self.data["revision"] = revision


class GroupPageForm(MarkdownPreviewForm):
    markdown_fields = ("overview", "mandate", "work_plan")

    class Meta:
        model = WorkingGroup
        fields = WorkingGroup.PAGE_FIELDS
        labels = {"overview": _("Overview"), "mandate": _("Mandate"), "work_plan": _("Work plan")}


class GroupPageTranslationForm(MarkdownPreviewForm):
    """The group's page in French or Spanish, field by field as the English page; `english_revision`
    is the English page's revision the translator had beside the form."""

    markdown_fields = ("overview", "mandate", "work_plan")
    english_revision = RevisionField(required=False)

    def __init__(self, *args, english_revision: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["english_revision"].initial = english_revision

    class Meta:
        model = GroupPageTranslation
        fields = GroupPageTranslation.TRANSLATED_FIELDS
        labels = {"name": _("Name"), "overview": _("Overview"), "mandate": _("Mandate"), "work_plan": _("Work plan")}


class GroupUpdateForm(MarkdownPreviewForm):
    markdown_fields = ("body",)

    class Meta:
        model = GroupUpdate
        fields = GroupUpdate.EDITABLE_FIELDS
        labels = {"title": _("Title"), "body": _("Body")}


class GroupDocumentForm(forms.ModelForm):
    class Meta:
        model = GroupDocument
        fields = ["title", "file"]
        labels = {"title": _("Title"), "file": _("File")}

        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _inner_helper()
