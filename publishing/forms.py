from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.rich_text import validate_safe_markdown
from core.uploads import MAX_IMPORT_SIZE
from publishing.models import Comment, TranslationPart


class CommentForm(forms.ModelForm):
    """A comment on one target of the version open for comments (its paragraphs, sections, items)."""

    target = forms.ChoiceField(label=pgettext_lazy("what a comment is on", "On"))

    class Meta:
        model = Comment
        fields = ["target", "text", "proposed_wording"]
        labels = {"proposed_wording": _("Proposed wording")}

        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, targets, noun: str = "part", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].label = noun.capitalize()
        self.fields["target"].choices = [
            (target.key, f"{target.label} {target.text[:70]}".strip()) for target in targets
        ]


class TranslationForm(forms.Form):
    """A language version of one version: a field per part of the original (Publishable.translation_parts),
    and, for a type that imports its text, a file to read the parts from."""

    file = forms.FileField(
        required=False,
        label=_("Read the translation from a file"),
        help_text=_("Numbered as the original: .txt, .md or .docx. Fills the fields below for review."),
    )

    # A Word file of a long decision is some hundred kilobytes; the decision import's own limit.
    MAX_FILE_SIZE = MAX_IMPORT_SIZE

    def __init__(
        self, *args, parts: list[TranslationPart], reads_files: bool, changed: set[str] = frozenset(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.changed = changed  # parts translated before whose original has changed since
        if not reads_files:
            del self.fields["file"]
        for index, part in enumerate(parts):
            widget = forms.Textarea(attrs={"rows": 3}) if part.multiline else forms.TextInput(attrs={"size": 80})
            # Markdown parts (paragraphs, sections) refuse markup the page would not show, as the originals do.
            validators = [validate_safe_markdown] if part.multiline else []
            self.fields[self.field_name(index)] = forms.CharField(
                label=part.label, required=False, widget=widget, strip=True, validators=validators
            )

    @staticmethod
    def field_name(index: int) -> str:
        return f"part_{index}"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > self.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s; a translation file may be at most %(limit)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(self.MAX_FILE_SIZE),
                }
            )
        return upload

    def rows(self):
        """(original part, its bound field, whether its original changed since it was last translated)
        for the template: the original beside each field."""
        return [(part, self[self.field_name(index)], part.key in self.changed) for index, part in enumerate(self.parts)]

    def texts(self) -> dict[str, str]:
        return {part.key: self.cleaned_data[self.field_name(index)] for index, part in enumerate(self.parts)}

    def initial_from(self, texts: dict[str, str]) -> None:
        """Prefill from earlier texts by key (an earlier language version, or a file read)."""
        for index, part in enumerate(self.parts):
            if texts.get(part.key):
                self.initial[self.field_name(index)] = texts[part.key]
