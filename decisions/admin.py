from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ccm_portal.admin_inlines import OrderedTreeInline, OrderedTreeInlineFormSet, SharedChoicesMixin
from ccm_portal.publishing.admin import PublishableAdminMixin
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers


class ParagraphFormSet(OrderedTreeInlineFormSet):
    def number_labels(self, nodes):
        return paragraph_numbers(nodes)


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
