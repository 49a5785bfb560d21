"""Ordered trees stored as parent links plus a position among siblings.

Agenda items and decision paragraphs are both small ordered trees that belong
to one owner (a meeting, a decision). Numbers are never stored: they follow from
the order, so inserting or moving a node renumbers everything after it.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class OrderedTreeNode(models.Model):
    """Abstract node: `parent` (None at the top level) and `position` among siblings."""

    # Name of the ForeignKey to the owner; every node of a tree shares one owner.
    owner_field: str
    max_depth = 3
    # Said when a node's parent belongs to another owner: "The parent must belong to the same meeting."
    other_owner_message = _("The parent must belong to another item of the same document.")

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("Leave empty for a top-level item."),
    )
    position = models.PositiveIntegerField(
        default=0, verbose_name=_("position"), help_text=_("Order among the items with the same parent (lowest first).")
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        owner_id = getattr(self, f"{self.owner_field}_id")
        if getattr(self.parent, f"{self.owner_field}_id") != owner_id:
            raise ValidationError({"parent": self.other_owner_message})
        depth, ancestor = 1, self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": gettext("An item cannot be placed inside itself.")})
            ancestor = ancestor.parent
            depth += 1
        if depth > self.max_depth:
            raise ValidationError(
                {
                    "parent": ngettext(
                        "Items can be nested at most %(depth)d level deep.",
                        "Items can be nested at most %(depth)d levels deep.",
                        self.max_depth,
                    )
                    % {"depth": self.max_depth}
                }
            )


T = TypeVar("T", bound=OrderedTreeNode)


def children_by_parent(nodes: Iterable[T]) -> dict[int | None, list[T]]:
    """Group a tree's nodes by parent id, each group in display order."""
    groups: dict[int | None, list[T]] = defaultdict(list)
    for node in nodes:
        groups[node.parent_id].append(node)
    for siblings in groups.values():
        siblings.sort(key=lambda node: (node.position, node.pk or 0))
    return groups


def walk_depth_first(nodes: Iterable[T]) -> list[tuple[T, int]]:
    """The nodes in reading order, each with its depth (0 at the top level)."""
    groups = children_by_parent(nodes)
    ordered: list[tuple[T, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for node in groups.get(parent_id, []):
            ordered.append((node, depth))
            visit(node.pk, depth + 1)

    visit(None, 0)
    return ordered
