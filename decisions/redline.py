"""Redline of two revisions: inserted and deleted words, paragraphs added, removed and moved.

Paragraphs are matched by their key, so a paragraph keeps its identity when
paragraphs are inserted before it; its new number is shown, and a number change
alone is not a change of text. Paragraphs whose keys differ (a draft imported
again from a file) are matched by similar wording instead. A matched paragraph
counts as moved when it left the order of the others: the paragraphs outside
the longest run that kept their relative order.
"""

import bisect
import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.revisions import FrozenParagraph

# Wording at least this similar (difflib ratio) makes two unkeyed paragraphs one paragraph rewritten.
SAME_PARAGRAPH_RATIO = 0.6
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class RedlineParagraph:
    change: str  # "unchanged", "changed", "inserted" or "deleted"
    number: str  # the full number in the newer revision (in the older one, for a deleted paragraph)
    depth: int
    text: SafeString
    closing_text: SafeString
    moved_from: str = ""  # the full number it had before, if it was moved
    key: str = ""


def word_diff(old: str, new: str) -> SafeString:
    """The newer text, escaped, with removed words in <del> and added words in <ins>."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = "".join(before[old_start:old_end]), "".join(after[new_start:new_end])
        if operation == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _whole(text: str, tag: str) -> SafeString:
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>") if text else mark_safe("")  # noqa: S308 - escaped


def _whole_paragraph(paragraph: FrozenParagraph, change: str, tag: str) -> RedlineParagraph:
    """A paragraph only one side has: all of it inserted (<ins>) or deleted (<del>)."""
    return RedlineParagraph(
        change,
        paragraph.full_number,
        paragraph.depth,
        _whole(paragraph.text, tag),
        _whole(paragraph.closing_text, tag),
        key=paragraph.key,
    )


def _match(old: list[FrozenParagraph], new: list[FrozenParagraph]) -> dict[int, int]:
    """new reading-order index → old reading-order index, for paragraphs present in both."""
    old_by_key = {paragraph.key: paragraph.order for paragraph in old}
    matches = {n.order: old_by_key[n.key] for n in new if n.key in old_by_key}
    unmatched_old = [p for p in old if p.order not in set(matches.values())]
    for paragraph in new:
        if paragraph.order in matches or not unmatched_old:
            continue
        scored = [
            (difflib.SequenceMatcher(None, candidate.text, paragraph.text, autojunk=False).ratio(), candidate)
            for candidate in unmatched_old
        ]
        ratio, best = max(scored, key=lambda pair: pair[0])
        if ratio >= SAME_PARAGRAPH_RATIO:
            matches[paragraph.order] = best.order
            unmatched_old.remove(best)
    return matches


def _kept_in_order(old_orders: list[int]) -> set[int]:
    """The longest increasing subsequence of old positions: the paragraphs that did not move."""
    tails: list[int] = []  # tails[k]: index in old_orders of the smallest tail of a run of length k+1
    tail_values: list[int] = []
    previous: list[int | None] = [None] * len(old_orders)
    for index, value in enumerate(old_orders):
        length = bisect.bisect_left(tail_values, value)
        previous[index] = tails[length - 1] if length else None
        if length == len(tails):
            tails.append(index)
            tail_values.append(value)
        else:
            tails[length], tail_values[length] = index, value
    kept, index = set(), tails[-1] if tails else None
    while index is not None:
        kept.add(old_orders[index])
        index = previous[index]
    return kept


def redline(old: list[FrozenParagraph], new: list[FrozenParagraph]) -> list[RedlineParagraph]:
    """The newer revision in reading order, marked against the older one; deleted paragraphs stay
    where they stood, after the paragraph that preceded them."""
    matches = _match(old, new)
    kept = _kept_in_order([matches[n.order] for n in new if n.order in matches])
    matched_old = set(matches.values())
    deleted = [p for p in old if p.order not in matched_old]
    lines: list[RedlineParagraph] = []

    def flush_deleted(up_to: int) -> None:
        while deleted and deleted[0].order < up_to:
            lines.append(_whole_paragraph(deleted.pop(0), "deleted", "del"))

    for paragraph in new:
        old_order = matches.get(paragraph.order)
        if old_order is None:
            lines.append(_whole_paragraph(paragraph, "inserted", "ins"))
            continue
        before = old[old_order]
        if old_order in kept:
            flush_deleted(old_order)
        changed = (before.text, before.closing_text) != (paragraph.text, paragraph.closing_text)
        lines.append(
            RedlineParagraph(
                "changed" if changed else "unchanged",
                paragraph.full_number,
                paragraph.depth,
                word_diff(before.text, paragraph.text),
                word_diff(before.closing_text, paragraph.closing_text),
                moved_from="" if old_order in kept else before.full_number,
                key=paragraph.key,
            )
        )
    flush_deleted(len(old))
    return lines
