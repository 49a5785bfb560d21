from django import forms

from publishing.models import Comment


class CommentForm(forms.ModelForm):
    """A comment on one target of the version open for comments (its paragraphs, sections, items)."""

    target = forms.ChoiceField(label="On")

    class Meta:
        model = Comment
        fields = ["target", "text", "proposed_wording"]
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
