"""A revision's paragraph tree, frozen as plain data, and read back as numbered nodes.

A revision keeps its paragraphs as JSON rather than rows: it never changes, it is
always read whole, and a redline compares two of them by paragraph key.
"""

from dataclasses import dataclass, field

from core.ordered_tree import walk_depth_first
from decisions.numbering import numbered_in_reading_order


@dataclass
class FrozenParagraph:
    """A paragraph of a revision, shaped like a Paragraph row for numbering and tree walks."""

    pk: int  # its place in the snapshot, from 1: stands in for the row id
    key: str
    parent_id: int | None
    position: int
    text: str
    closing_text: str
    list_style: str
    continues_numbering: bool
    number: str = ""  # its own label: "b)"
    full_number: str = ""  # with its ancestors' labels: "2. b)"
    depth: int = 0
    order: int = 0  # place in reading order, from 0
    subparagraphs: list["FrozenParagraph"] = field(default_factory=list)


def snapshot(paragraphs) -> list[dict]:
    """The paragraph rows of a decision as JSON-ready data, in reading order."""
    keys = {paragraph.pk: str(paragraph.key) for paragraph in paragraphs}
    return [
        {
            "key": str(paragraph.key),
            "parent": keys.get(paragraph.parent_id),
            "position": position,
            "text": paragraph.text,
            "closing_text": paragraph.closing_text,
            "list_style": paragraph.list_style,
            "continues_numbering": paragraph.continues_numbering,
        }
        for position, (paragraph, _depth) in enumerate(walk_depth_first(paragraphs))
    ]


def frozen_paragraphs(data: list[dict]) -> list[FrozenParagraph]:
    """The snapshot's paragraphs in reading order, numbered, each with its sub-paragraphs attached."""
    ids = {item["key"]: index for index, item in enumerate(data, start=1)}
    nodes = [
        FrozenParagraph(
            pk=ids[item["key"]],
            key=item["key"],
            parent_id=ids.get(item["parent"]),
            position=item["position"],
            text=item["text"],
            closing_text=item["closing_text"],
            list_style=item["list_style"],
            continues_numbering=item["continues_numbering"],
        )
        for item in data
    ]
    by_id = {node.pk: node for node in nodes}
    in_order = []
    for order, (node, label, full_number, depth) in enumerate(numbered_in_reading_order(nodes)):
        node.number, node.full_number, node.depth, node.order = label, full_number, depth, order
        if node.parent_id is not None:
            by_id[node.parent_id].subparagraphs.append(node)
        in_order.append(node)
    return in_order
