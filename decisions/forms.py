from django import forms

from decisions.models import Comment, Revision


class RedlineForm(forms.Form):
    """Which two rounds to compare: by revision number (0 = the original)."""

    older = forms.TypedChoiceField(label="From", coerce=int)
    newer = forms.TypedChoiceField(label="To", coerce=int)

    def __init__(self, *args, revisions: list[Revision], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(revision.number, f"{revision.label}, {revision.created_at:%d %B %Y}") for revision in revisions]
        self.fields["older"].choices = self.fields["newer"].choices = choices
        self.fields["older"].error_messages["invalid_choice"] = self.fields["newer"].error_messages[
            "invalid_choice"
        ] = "There is no revision %(value)s of this decision that you can read."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            raise forms.ValidationError("Choose two different revisions.")
        return cleaned


class CommentForm(forms.ModelForm):
    paragraph = forms.ChoiceField(label="Paragraph")

    class Meta:
        model = Comment
        fields = ["paragraph", "text", "proposed_wording"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [
            (paragraph.key, f"{paragraph.full_number} {paragraph.text[:70]}") for paragraph in paragraphs
        ]
