"""Paragraph numbers of a decision, computed from the tree: 1. → a) → i), and bullets.

Numbers are never typed or stored. A sub-list may continue the numbering of the
previous sibling's sub-list, as the 2012 work programme does: i)–vi) under c),
then vii)–viii) under d).

A bullet has no number of its own, so wherever a paragraph is named (open points, the
arrange page, comment targets, redlines, the import preview) it is named by its place:
"3., second bullet", "2. c), first bullet". `numbered_in_reading_order` is the one
function that gives every paragraph that name.
"""

from collections.abc import Iterable
from typing import NamedTuple, Protocol

from django.utils.translation import gettext, pgettext_lazy

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


# The place of a bullet under its paragraph ("3., second bullet"): French and Spanish make
# the word agree with "puce" and "viñeta", hence the context.
ORDINALS = [
    pgettext_lazy("nth bullet", "first"), pgettext_lazy("nth bullet", "second"),
    pgettext_lazy("nth bullet", "third"), pgettext_lazy("nth bullet", "fourth"),
    pgettext_lazy("nth bullet", "fifth"), pgettext_lazy("nth bullet", "sixth"),
    pgettext_lazy("nth bullet", "seventh"), pgettext_lazy("nth bullet", "eighth"),
    pgettext_lazy("nth bullet", "ninth"), pgettext_lazy("nth bullet", "tenth"),
    pgettext_lazy("nth bullet", "eleventh"), pgettext_lazy("nth bullet", "twelfth"),
    pgettext_lazy("nth bullet", "thirteenth"), pgettext_lazy("nth bullet", "fourteenth"),
    pgettext_lazy("nth bullet", "fifteenth"), pgettext_lazy("nth bullet", "sixteenth"),
    pgettext_lazy("nth bullet", "seventeenth"), pgettext_lazy("nth bullet", "eighteenth"),
    pgettext_lazy("nth bullet", "nineteenth"), pgettext_lazy("nth bullet", "twentieth"),
]  # fmt: skip
ORDINAL_SUFFIXES = {
    "st": pgettext_lazy("nth bullet", "%(number)sst"),
    "nd": pgettext_lazy("nth bullet", "%(number)snd"),
    "rd": pgettext_lazy("nth bullet", "%(number)srd"),
    "th": pgettext_lazy("nth bullet", "%(number)sth"),
}


def ordinal(number: int) -> str:
    """1 → first, 2 → second ... 20 → twentieth, then 21st, 22nd, 23rd, 24th."""
    if number <= len(ORDINALS):
        return str(ORDINALS[number - 1])
    suffix = "th" if number % 100 in {11, 12, 13} else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return ORDINAL_SUFFIXES[suffix] % {"number": number}


class Numbered(NamedTuple):
    paragraph: NumberedNode
    number: str  # its own label: "b)", or "•" for a bullet
    full_number: str  # its name, with its ancestors' labels: "2. b)", "3., second bullet"
    depth: int  # 0 at the top level


def numbered_in_reading_order(paragraphs: Iterable[NumberedNode]) -> list[Numbered]:
    """Every paragraph in reading order with its label, its full name and its depth.

    The full name is the ancestors' labels and its own ("2. c) vii)"); a bullet is named by
    its place under its parent ("3., second bullet", "2. c), first bullet").
    """
    paragraphs = list(paragraphs)
    labels = paragraph_numbers(paragraphs)
    names: dict[int, str] = {}
    bullets_seen: dict[int | None, int] = {}  # parent pk → bullets named under it so far
    numbered = []
    for paragraph, depth in walk_depth_first(paragraphs):
        label = labels[paragraph.pk]
        parent_name = names.get(paragraph.parent_id, "")
        if label == BULLET:
            bullets_seen[paragraph.parent_id] = bullets_seen.get(paragraph.parent_id, 0) + 1
            place = ordinal(bullets_seen[paragraph.parent_id])
            name = gettext("%(paragraph)s, %(place)s bullet") % {"paragraph": parent_name, "place": place}
        else:
            name = f"{parent_name} {label}" if parent_name else label
        names[paragraph.pk] = name
        numbered.append(Numbered(paragraph, label, name, depth))
    return numbered


def renumbered_by_continuation(
    *, old_place: tuple, new_place: tuple, old_continues: bool, new_continues: bool, old_number: str, new_number: str
) -> bool:
    """Whether a sub-paragraph's number changed only because its list's continued numbering did:
    the same parent and the same place among its siblings (an insertion among them is no
    surprise), under a paragraph that continues numbering before or after, and another number.
    The arrange page's warning and the redline's "Renumbered from" note both ask this."""
    return (old_continues or new_continues) and old_place == new_place and old_number != new_number


def continued_numbering_changes(before: list[Numbered], after: list[Numbered]) -> list[tuple[str, str]]:
    """Sub-paragraphs whose own number changed because the continued numbering of their list
    changed (vii) → i) when the list no longer follows on from the one before), as
    (full name before, full name after), in reading order.

    Only sub-paragraphs of a paragraph that continues numbering (before or after), with the same
    parent and the same place among their siblings: an insertion among them is no surprise.
    """

    def places(numbered: list[Numbered]) -> dict[int, tuple]:
        by_pk = {entry.paragraph.pk: entry for entry in numbered}
        seen: dict[int | None, int] = {}
        result = {}
        for entry in numbered:
            parent_id = entry.paragraph.parent_id
            seen[parent_id] = seen.get(parent_id, 0) + 1
            parent = by_pk.get(parent_id)
            continues = bool(parent and parent.paragraph.continues_numbering)
            result[entry.paragraph.pk] = (parent_id, seen[parent_id], continues, entry)
        return result

    old, changes = places(before), []
    for pk, (parent_id, place, continues, entry) in places(after).items():
        if pk not in old:
            continue
        old_parent, old_place, old_continues, old_entry = old[pk]
        if renumbered_by_continuation(
            old_place=(old_parent, old_place),
            new_place=(parent_id, place),
            old_continues=old_continues,
            new_continues=continues,
            old_number=old_entry.number,
            new_number=entry.number,
        ):
            changes.append((old_entry.full_number, entry.full_number))
    return changes
