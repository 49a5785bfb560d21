"""Admin inlines whose query count does not grow with the number of rows.

Django renders every inline row's <select> by running its queryset again: forty
agenda items mean forty identical queries for the "parent" menu. These classes
load each menu once per request and share the loaded choices between rows.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from ccm_portal.ordered_tree import walk_depth_first


class SharedChoicesMixin:
    """Evaluate foreign-key and many-to-many menus once per formset, not once per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field


class SharedChoicesTabularInline(SharedChoicesMixin, admin.TabularInline):
    pass


class OrderedTreeInlineFormSet(BaseInlineFormSet):
    """Rows of one ordered tree (agenda items, paragraphs) shown in reading order.

    Each row's instance gets `number_label`; the "parent" menu lists the owner's
    nodes with their numbers, loaded with the rows in one query.
    """

    def number_labels(self, nodes) -> dict[int, str]:
        raise NotImplementedError

    def get_queryset(self):
        if not hasattr(self, "_tree_nodes"):
            nodes = [node for node, _depth in walk_depth_first(super().get_queryset())]
            labels = self.number_labels(nodes)
            for node in nodes:
                node.number_label = labels.get(node.pk, "")
            self._tree_nodes = nodes
            self._parent_choices = [("", "(top level)")] + [(node.pk, f"{node.number_label} {node}") for node in nodes]
        return self._tree_nodes

    def add_fields(self, form, index):
        super().add_fields(form, index)
        self.get_queryset()
        parent = form.fields["parent"]
        # Only nodes of the same owner are valid parents; the menu reuses the rows loaded above.
        parent.queryset = parent.queryset.model.objects.filter(**{self.fk.name: self.instance.pk})
        parent.choices = self._parent_choices


class OrderedTreeInline(SharedChoicesTabularInline):
    readonly_fields = ["number"]

    @admin.display(description="No.")
    def number(self, node):
        return getattr(node, "number_label", "")
