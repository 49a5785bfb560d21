"""Admin inlines whose query count does not grow with the number of rows.

Django renders every inline row's <select> by running its queryset again: forty
agenda items mean forty identical queries for the "parent" menu. These classes
load each menu once per request and share the loaded choices between rows.
"""

import copy
import functools

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.ordered_tree import walk_depth_first


class SharedChoicesMixin:
    """Load each foreign-key and many-to-many menu at most once per request.

    The menu's choices become a cached callable shared by every row (and by the
    second form the admin builds for its fieldsets); it runs on first render.
    Validation of submitted values still goes through the field's queryset.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _share_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _share_choices(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


def _share_choices(field, db_field, request):
    if field is None or not hasattr(field, "queryset"):
        return field
    shared = request.__dict__.setdefault("_shared_admin_choices", {})
    key = (db_field.model, db_field.name)
    if key not in shared:
        menu = field.choices
        # iter() first: list() on the iterator itself would also run a COUNT.
        shared[key] = functools.cache(lambda: list(iter(menu)))
    field.choices = shared[key]
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
            in_order = walk_depth_first(super().get_queryset())
            nodes = [node for node, _depth in in_order]
            labels = self.number_labels(nodes)
            for node, depth in in_order:
                # Indented by depth (em spaces), so the flat list of rows still shows the tree.
                node.number_label = "\u2003" * depth + labels.get(node.pk, "")
            self._tree_nodes = nodes
            self._parent_choices = [("", "(top level)")] + [(node.pk, f"{node.number_label} {node}") for node in nodes]
        return self._tree_nodes

    def submitted_nodes(self) -> list:
        """The tree as this submission would leave it: kept and new rows, as copies (the forms' own
        instances stay untouched), new ones with a stand-in negative id so they can be numbered."""
        nodes = []
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # an empty extra row
            node = copy.copy(form.instance)
            node.pk = node.pk or -(index + 1)
            nodes.append(node)
        return nodes

    def add_fields(self, form, index):
        super().add_fields(form, index)
        self.get_queryset()
        parent = form.fields["parent"]
        # Only nodes of the same owner are valid parents; the menu reuses the rows loaded above.
        parent.queryset = parent.queryset.model.objects.filter(**{self.fk.name: self.instance.pk})
        parent.choices = self._parent_choices


class OrderedTreeInline(SharedChoicesTabularInline):
    readonly_fields = ["number"]

    @admin.display(description=_("No."))
    def number(self, node):
        return getattr(node, "number_label", "")
