"""Paragraph numbers of a decision, computed from the tree: 1. → a) → i).

Numbers are never typed or stored. A sub-list may continue the numbering of the
previous sibling's sub-list, as the 2012 work programme does: i)–vi) under c),
then vii)–viii) under d).
"""

from collections.abc import Iterable
from typing import NamedTuple, Protocol

from core.ordered_tree import children_by_parent, walk_depth_first

BULLET = "•"


class NumberedNode(Protocol):
    pk: int
    parent_id: int | None
    position: int
    list_style: str
    continues_numbering: bool


def to_letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def to_roman(number: int) -> str:
    """Lower-case roman numerals: 4 → iv, 8 → viii."""
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    result = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        result += numeral * count
    return result


def format_number(number: int, depth: int) -> str:
    if depth == 0:
        return f"{number}."
    if depth == 1:
        return f"{to_letters(number)})"
    if depth == 2:
        return f"{to_roman(number)})"
    return f"({number})"


def paragraph_numbers(paragraphs: Iterable[NumberedNode]) -> dict[int, str]:
    """Map each paragraph's pk to its label ("2.", "c)", "vii)" or a bullet)."""
    groups = children_by_parent(paragraphs)
    labels: dict[int, str] = {}

    def number_children(parent: NumberedNode | None, depth: int, start: int) -> int:
        """Label the children of `parent`; return the last number used."""
        bulleted = parent is not None and parent.list_style == "bulleted"
        number = start
        previous_last = 0
        for node in groups.get(parent.pk if parent else None, []):
            if bulleted:
                labels[node.pk] = BULLET
            else:
                number += 1
                labels[node.pk] = format_number(number, depth)
            first = previous_last if node.continues_numbering else 0
            previous_last = number_children(node, depth + 1, first)
        return number

    number_children(None, 0, 0)
    return labels


class Numbered(NamedTuple):
    paragraph: NumberedNode
    number: str  # its own label: "b)"
    full_number: str  # with its ancestors' labels: "2. b)"
    depth: int  # 0 at the top level


def numbered_in_reading_order(paragraphs: Iterable[NumberedNode]) -> list[Numbered]:
    """Every paragraph in reading order with its label, its full number and its depth."""
    paragraphs = list(paragraphs)
    labels = paragraph_numbers(paragraphs)
    path: list[str] = []  # the labels of the paragraph and its ancestors: ["2.", "b)"]
    numbered = []
    for paragraph, depth in walk_depth_first(paragraphs):
        path[depth:] = [labels[paragraph.pk]]
        numbered.append(Numbered(paragraph, labels[paragraph.pk], " ".join(path), depth))
    return numbered
