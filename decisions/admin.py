from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from ccm_portal.admin_inlines import OrderedTreeInline, OrderedTreeInlineFormSet, SharedChoicesMixin
from ccm_portal.publishing.admin import PublishableAdminMixin
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers
from decisions.open_points import decision_open_points, validate_nothing_open


class ParagraphFormSet(OrderedTreeInlineFormSet):
    def number_labels(self, nodes):
        return paragraph_numbers(nodes)

    def clean(self):
        """A decision is marked adopted only once nothing is left open, in the text as submitted."""
        super().clean()
        if self.instance.status == Decision.Status.ADOPTED:
            validate_nothing_open(self.submitted_nodes())


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
