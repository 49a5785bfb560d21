"""Redline of two revisions: inserted and deleted words, paragraphs added, removed and moved.

Paragraphs are matched by their key, so a paragraph keeps its identity when
paragraphs are inserted before it; its new number is shown, and a number change
alone is not a change of text. Paragraphs whose keys differ (a draft imported
again from a file) are matched by similar wording instead. A matched paragraph
counts as moved when it left the order of the others: the paragraphs outside
the longest run that kept their relative order. The matching and the word diff
are core/text_diff.py's, shared with the comparison of minutes.

Both sides are rendered Markdown (*State Party* in italics), and a closing text
("each led by …") comes after the paragraph's sub-paragraphs, as on the decision page.

Continued numbering (2. d)'s vii), viii) going on from c)'s i)–vi)) can break when a
paragraph is moved: vii) becomes i) although nothing was inserted before it in its
own list. The arrange page allows such a move (refusing it would stop staff from
reordering a draft for a numbering side effect) and says so; the redline then shows
"Renumbered from vii) to i)" on each such sub-paragraph, so no reader is surprised.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from core.text_diff import Keyed, compare_keyed, markdown_diff, markdown_marked
from decisions.numbering import renumbered_by_continuation
from decisions.revisions import FrozenParagraph


@dataclass
class RedlineParagraph:
    change: str  # "unchanged", "changed", "inserted" or "deleted"; "closing" for a closing text's line
    number: str  # the full name in the newer revision (in the older one, for a deleted paragraph)
    depth: int
    text: SafeString
    moved_from: str = ""  # the full name it had before, if it was moved
    renumbered_from: str = ""  # its own old label when its continued numbering changed: "vii)"
    renumbered_to: str = ""  # and its own new label: "i)"
    key: str = ""
    closing_text: str = ""  # rendered HTML (SafeString) of a closing text, moved to a line of its own

    @property
    def counts(self) -> bool:
        """Whether the line is a change a reader should look at."""
        return self.change not in {"unchanged", "closing"} or bool(self.moved_from or self.renumbered_from)


def word_diff(old: str, new: str) -> SafeString:
    """The newer Markdown text rendered, removed phrases in <del> and added ones in <ins>."""
    return markdown_diff(old, new)


def _place(paragraph: FrozenParagraph, by_id: dict[int, FrozenParagraph]) -> tuple:
    """Its parent's key, its place among its siblings, and whether its list continues another's."""
    parent = by_id.get(paragraph.parent_id)
    siblings = parent.subparagraphs if parent else [p for p in by_id.values() if p.parent_id is None]
    index = next(i for i, sibling in enumerate(siblings) if sibling is paragraph)
    return (parent.key if parent else None, index, bool(parent and parent.continues_numbering))


def _renumbered_from(before: FrozenParagraph, after: FrozenParagraph, old_ids, new_ids) -> str:
    """The old label of a sub-paragraph renumbered only because its list's continued numbering
    changed (same parent, same place, a different number): "vii)"; else ""."""
    if before.number == after.number:
        return ""
    old_parent, old_index, old_continues = _place(before, old_ids)
    new_parent, new_index, new_continues = _place(after, new_ids)
    renumbered = renumbered_by_continuation(
        old_place=(old_parent, old_index),
        new_place=(new_parent, new_index),
        old_continues=old_continues,
        new_continues=new_continues,
        old_number=before.number,
        new_number=after.number,
    )
    return before.number if renumbered else ""


def _with_closing_texts(lines: list[RedlineParagraph]) -> list[RedlineParagraph]:
    """A paragraph's closing text as a line of its own, after the last of its sub-paragraphs."""
    result: list[RedlineParagraph] = []
    pending: list[RedlineParagraph] = []  # closing lines waiting for their paragraph's sub-paragraphs to end
    for line in lines:
        while pending and line.depth <= pending[-1].depth:
            result.append(pending.pop())
        result.append(line)
        if line.closing_text:
            pending.append(RedlineParagraph("closing", "", line.depth, line.closing_text, key=line.key))
    result.extend(reversed(pending))
    return result


def redline(old: list[FrozenParagraph], new: list[FrozenParagraph]) -> list[RedlineParagraph]:
    """The newer revision in reading order, marked against the older one; deleted paragraphs stay
    where they stood, after the paragraph that preceded them; closing texts after sub-paragraphs."""
    old_ids = {paragraph.pk: paragraph for paragraph in old}
    new_ids = {paragraph.pk: paragraph for paragraph in new}
    pairs = compare_keyed(
        [Keyed(paragraph.key, paragraph.text) for paragraph in old],
        [Keyed(paragraph.key, paragraph.text) for paragraph in new],
    )
    lines: list[RedlineParagraph] = []
    for pair in pairs:
        if pair.new is None:
            gone = old[pair.old]
            lines.append(
                RedlineParagraph(
                    "deleted",
                    gone.full_number,
                    gone.depth,
                    markdown_marked(gone.text, "del"),
                    key=gone.key,
                    closing_text=markdown_marked(gone.closing_text, "del"),
                )
            )
            continue
        paragraph = new[pair.new]
        if pair.old is None:
            lines.append(
                RedlineParagraph(
                    "inserted",
                    paragraph.full_number,
                    paragraph.depth,
                    markdown_marked(paragraph.text, "ins"),
                    key=paragraph.key,
                    closing_text=markdown_marked(paragraph.closing_text, "ins"),
                )
            )
            continue
        before = old[pair.old]
        renumbered_from = "" if pair.moved else _renumbered_from(before, paragraph, old_ids, new_ids)
        changed = (before.text, before.closing_text) != (paragraph.text, paragraph.closing_text)
        lines.append(
            RedlineParagraph(
                "changed" if changed else "unchanged",
                paragraph.full_number,
                paragraph.depth,
                word_diff(before.text, paragraph.text),
                moved_from=before.full_number if pair.moved else "",
                renumbered_from=renumbered_from,
                renumbered_to=paragraph.number if renumbered_from else "",
                key=paragraph.key,
                closing_text=word_diff(before.closing_text, paragraph.closing_text),
            )
        )
    return _with_closing_texts(lines)
