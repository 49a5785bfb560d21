import copy

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from ccm_portal.admin_inlines import OrderedTreeInline, OrderedTreeInlineFormSet, SharedChoicesMixin
from ccm_portal.publishing.admin import PublishableAdminMixin
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers
from decisions.selectors import decision_open_points


class ParagraphFormSet(OrderedTreeInlineFormSet):
    def number_labels(self, nodes):
        return paragraph_numbers(nodes)

    def clean(self):
        """A decision is marked adopted only once nothing is left open, in the text as submitted."""
        super().clean()
        if self.instance.status != Decision.Status.ADOPTED:
            return
        paragraphs = []
        for index, form in enumerate(self.forms):
            if (
                not hasattr(form, "cleaned_data")
                or form.cleaned_data.get("DELETE")
                or (not form.has_changed() and form.instance.pk is None)
            ):
                continue
            # A copy, numbered for the check: new rows get a stand-in id, the form's own instance stays unsaved.
            paragraph = copy.copy(form.instance)
            paragraph.pk = paragraph.pk or -(index + 1)
            paragraphs.append(paragraph)
        still_open = decision_open_points(paragraphs)
        if still_open:
            listed = "; ".join(f"{point.paragraph} {point.text}" for point in still_open[:10])
            more = f" and {len(still_open) - 10} more" if len(still_open) > 10 else ""
            raise ValidationError(
                f"The decision cannot be marked adopted while {len(still_open)} open point"
                f"{'s remain' if len(still_open) > 1 else ' remains'}: {listed}{more}. Fill them in first."
            )


class ParagraphInline(OrderedTreeInline):
    model = Paragraph
    formset = ParagraphFormSet
    extra = 0
    fields = ["number", "parent", "position", "text", "closing_text", "list_style", "continues_numbering"]


@admin.register(Decision)
class DecisionAdmin(PublishableAdminMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["title", "symbol", "meeting", "status", "publication_state"]
    list_select_related = ["meeting"]
    list_filter = ["status", "publication_state", "meeting"]
    search_fields = ["symbol", "title", "paragraphs__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParagraphInline]
    readonly_fields = ["open_points"]

    @admin.display(description="Open points")
    def open_points(self, decision):
        points = decision_open_points(list(decision.paragraphs.all())) if decision.pk else []
        if not points:
            return "None: every placeholder is filled in."
        return format_html_join(
            mark_safe("<br>"),
            "{} {} ({})",
            ((point.paragraph, point.text, point.kind) for point in points),
        )
