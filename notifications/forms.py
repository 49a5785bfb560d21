import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from notifications.models import Language, Preferences
from publishing.models import Publishable
from workgroups.models import WorkingGroup


def document_types():
    """The types of document the portal publishes (minutes, agendas, decisions), as a subscriber picks them."""
    models = Publishable.publishable_models()
    return ContentType.objects.filter(pk__in=[ContentType.objects.get_for_model(model).pk for model in models])


class ChoicesByNumber(forms.ModelMultipleChoiceField):
    """Choices by their number: a key that is not one a database column can hold (a digit string of up
    to 18 digits) is refused as any unknown choice is, before the query (SQLite's driver raised
    OverflowError on a 20-digit key: a 500 from any visitor's form)."""

    def _check_values(self, value):
        for key in value:
            if not re.fullmatch(r"[0-9]{1,18}", str(key)):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)


class DocumentTypeChoice(ChoicesByNumber):
    def label_from_instance(self, obj):
        return obj.model_class()._meta.verbose_name_plural.capitalize()


class SubscriptionChoicesForm(forms.Form):
    all_publications = forms.BooleanField(label=_("Every publication"), required=False)
    groups = ChoicesByNumber(
        label=_("Publications of these working groups"),
        queryset=WorkingGroup.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document_types = DocumentTypeChoice(
        label=_("Publications of these types"),
        queryset=ContentType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_types"].queryset = document_types()

    def clean(self):
        data = super().clean()
        if not (data.get("all_publications") or data.get("groups") or data.get("document_types")):
            raise forms.ValidationError(
                _("Choose what you want to hear about: every publication, a working group or a type of document.")
            )
        return data


class SubscribeForm(SubscriptionChoicesForm):
    address = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    field_order = ["address", "all_publications", "groups", "document_types", "language"]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["language", "circulations", "action_points", "terms", "comment_digest"]

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["comment_digest"]  # sent to staff only
