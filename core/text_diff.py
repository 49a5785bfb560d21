"""Two versions of a text compared word by word, and keyed blocks matched between two versions.

`markdown_diff(old, new)` renders both Markdown texts (core.rich_text, so nothing unsafe gets
through and *State Party* reads in italics, never with its asterisks), compares their words
together with their formatting, and gives one sanitized HTML text: removed words in <del>,
added words in <ins>. Changes read as phrases: a run of changed words is one deleted run
followed by one inserted run, and two runs that only a space or one short word keeps apart
are one change ("[venue and location]" → "the Palais des Nations" is
"<del>[venue and location]</del><ins>the Palais des Nations</ins>", not the words interleaved).

`compare_keyed(old, new)` pairs the blocks of two versions (decision paragraphs, minutes
sections) by their stable key, else by similar wording, says which ones left the order of the
others (moved), and places the removed ones where they stood.
"""

import bisect
import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.rich_text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

WORDS = re.compile(r"\s+|\w+|[^\w\s]")
WORD_OR_MARK = re.compile(r"\w+|[^\w\s]")
# Two texts this long together are compared character by character too when words alone differ.
SHORT_TEXT_LENGTH = 240
INLINE_TAGS = {"em", "strong", "a", "code"}
BLOCK_TAGS = {"p", "li", "h3", "h4", "pre", "tr"}
# An unchanged word this short between two changes is read as part of one change.
SHORT_WORD_LENGTH = 3
# Keyed blocks without a shared key whose wording is at least this similar are one block rewritten.
SAME_BLOCK_RATIO = 0.6
# Within a text, a paragraph or list item at least this similar to one of the other side is that one reworded.
REWORDED_RATIO = 0.5
# The word matcher's work grows with the product of the two changed stretches (and worse with
# repeated words): beyond this many token pairs a stretch is shown as one deletion and one
# insertion, so a long pasted text never ties up a worker. 400,000 is two stretches of about
# 300 words (600 tokens) each, compared in well under a second.
MAX_WORD_PAIRS = 400_000
# How many blocks ahead a block of a replaced stretch looks for its reworded self.
PAIRING_WINDOW = 25


@dataclass(frozen=True)
class Token:
    """A word, a run of white space or a punctuation mark, with the inline elements around it."""

    text: str
    formats: tuple[tuple[str, str], ...] = ()  # (tag name, its opening tag), outermost first
    line_break: bool = False


@dataclass
class Block:
    """A paragraph, list item, heading or table row of rendered Markdown."""

    tag: str
    list_tag: str = ""  # "ul" or "ol" for a list item
    list_depth: int = 0
    tokens: list[Token] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(token.text for token in self.tokens)

    @property
    def signature(self) -> tuple:
        return (self.tag, self.list_tag, self.list_depth, tuple(self.tokens))


class _BlockReader(HTMLParser):
    """Sanitized HTML (render_markdown's) read as a list of blocks of formatted words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []
        self.formats: list[tuple[str, str]] = []

    def _start(self, tag: str) -> None:
        self._end()
        in_list = tag == "li" and self.lists
        self.current = Block(tag, self.lists[-1] if in_list else "", len(self.lists) if in_list else 0)

    def _end(self) -> None:
        if self.current is not None and self.current.tokens:
            self.blocks.append(self.current)
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in INLINE_TAGS:
            attributes = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
            self.formats.append((tag, f"<{tag}{attributes}>"))
        elif tag == "br":
            self._word("\n", line_break=True)
        elif tag in {"ul", "ol"}:
            self._end()
            self.lists.append(tag)
        elif tag == "p" and self.current is not None and self.current.tag == "li":
            pass  # a loose list's item: its paragraph is the item
        elif tag in BLOCK_TAGS:
            self._start(tag)
        elif tag in {"td", "th"} and self.current is not None and self.current.tokens:
            self._word(" | ")

    def handle_endtag(self, tag):
        if tag in INLINE_TAGS:
            for index in range(len(self.formats) - 1, -1, -1):
                if self.formats[index][0] == tag:
                    del self.formats[index]
                    break
        elif tag in {"ul", "ol"}:
            self._end()
            if self.lists:
                self.lists.pop()
        elif tag in BLOCK_TAGS and self.current is not None and self.current.tag == tag:
            self._end()

    def handle_data(self, data):
        if self.current is None:
            if not data.strip():
                return
            self._start("li" if self.lists else "p")
        for word in WORDS.findall(data):
            self._word(word)

    def _word(self, text: str, line_break: bool = False) -> None:
        if self.current is None:
            self._start("p")
        if text.isspace() and not line_break:
            text = " "  # any run of white space reads as one space ("\r\n" from a browser's form too)
        self.current.tokens.append(Token(text, tuple(self.formats), line_break))


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text as it is rendered."""
    reader = _BlockReader()
    reader.feed(render_markdown(text))
    reader.close()
    reader._end()
    return reader.blocks


# ---------------------------------------------------------------- words


def _is_bridge(tokens: list[Token]) -> bool:
    """White space alone, or one short word: too little to read as unchanged between two changes."""
    words = [token for token in tokens if token.text.strip()]
    if not words:
        return True
    return len(words) == 1 and len(words[0].text) <= SHORT_WORD_LENGTH and words[0].text.isalnum()


def _ratio_at_least(old: list | str, new: list | str, threshold: float) -> bool:
    """difflib's ratio of the two sequences against `threshold`, trying the cheap upper bounds
    first. Beyond MAX_WORD_PAIRS the upper bound from the shared words alone is the answer: the
    exact ratio's cost grows with the square of the length."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return False
    return len(old) * len(new) > MAX_WORD_PAIRS or matcher.ratio() >= threshold


def similar_enough(old: str, new: str, threshold: float) -> bool:
    """Whether two texts share at least `threshold` of their words in order, or for short texts of
    their characters ("President." → "President and two Vice-Presidents."). Long texts compare by
    words only: on characters any two English paragraphs look alike, and comparing is far slower."""
    if _ratio_at_least(WORD_OR_MARK.findall(old), WORD_OR_MARK.findall(new), threshold):
        return True
    return len(old) + len(new) <= SHORT_TEXT_LENGTH and _ratio_at_least(old, new, threshold)


def _word_opcodes(old: list[Token], new: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for the two token lists, matching only the stretch between their common
    start and end (an edit is usually local), and giving up on words beyond MAX_WORD_PAIRS."""
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if not old_middle and not new_middle:
        middle = []
    elif len(old_middle) * len(new_middle) > MAX_WORD_PAIRS or not old_middle or not new_middle:
        middle = [("replace", 0, len(old_middle), 0, len(new_middle))]
    else:
        middle = difflib.SequenceMatcher(None, old_middle, new_middle, autojunk=False).get_opcodes()
    opcodes = [("equal", 0, start, 0, start)] if start else []
    opcodes += [(op, a + start, b + start, c + start, d + start) for op, a, b, c, d in middle]
    if end:
        opcodes.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return opcodes


def word_changes(old: list[Token], new: list[Token]) -> list[tuple[str, list[Token], list[Token]]]:
    """("equal", tokens, tokens) and ("change", removed, added) runs, changes grouped into phrases."""
    runs: list[list] = []  # [kind, old_start, old_end, new_start, new_end]
    for operation, old_start, old_end, new_start, new_end in _word_opcodes(old, new):
        kind = "equal" if operation == "equal" else "change"
        if kind == "change" and runs and runs[-1][0] == "change":
            runs[-1][2], runs[-1][4] = old_end, new_end
        elif (
            kind == "change"
            and len(runs) >= 2
            and runs[-2][0] == "change"
            and _is_bridge(old[runs[-1][1] : runs[-1][2]])
        ):
            runs.pop()  # the bridge joins the change before it and this one
            runs[-1][2], runs[-1][4] = old_end, new_end
        else:
            runs.append([kind, old_start, old_end, new_start, new_end])
    return [(kind, old[a:b], new[c:d]) for kind, a, b, c, d in runs]


def _render_tokens(tokens: list[Token]) -> str:
    parts: list[str] = []
    open_formats: tuple[tuple[str, str], ...] = ()
    for token in tokens:
        shared = 0
        while shared < min(len(open_formats), len(token.formats)) and open_formats[shared] == token.formats[shared]:
            shared += 1
        parts.extend(f"</{name}>" for name, _opening in reversed(open_formats[shared:]))
        parts.extend(opening for _name, opening in token.formats[shared:])
        open_formats = token.formats
        parts.append("<br>" if token.line_break else escape(token.text))
    parts.extend(f"</{name}>" for name, _opening in reversed(open_formats))
    return "".join(parts)


def _marked(tokens: list[Token], tag: str) -> str:
    return f"<{tag}>{_render_tokens(tokens)}</{tag}>" if tokens else ""


def _inline_diff(old: list[Token], new: list[Token]) -> str:
    parts = []
    for kind, removed, added in word_changes(old, new):
        if kind == "equal":
            parts.append(_render_tokens(added))
            continue
        # A space both sides start or end with is no change: outside the marks.
        before, after = [], []
        while len(removed) > 1 and len(added) > 1 and removed[0] == added[0] and removed[0].text.isspace():
            before.append(added[0])
            removed, added = removed[1:], added[1:]
        while len(removed) > 1 and len(added) > 1 and removed[-1] == added[-1] and removed[-1].text.isspace():
            after.insert(0, added[-1])
            removed, added = removed[:-1], added[:-1]
        parts.append(_render_tokens(before) + _marked(removed, "del") + _marked(added, "ins") + _render_tokens(after))
    return "".join(parts)


# ---------------------------------------------------------------- blocks


def _wrap(block: Block, inner: str) -> str:
    return f"<{block.tag}>{inner}</{block.tag}>"


def _similar(old: Block, new: Block) -> bool:
    return old.tag == new.tag and similar_enough(old.text, new.text, REWORDED_RATIO)


def _pair_blocks(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """Blocks of a replaced stretch: each old one with the next similar new one, in order."""
    pairs: list[tuple[Block | None, Block | None]] = []
    next_new = 0
    for block in old:
        # Looking a few blocks ahead is enough to pair a reworded block; scanning them all would
        # compare every block with every other in a long rewritten stretch.
        window = range(next_new, min(len(new), next_new + PAIRING_WINDOW))
        match = next((index for index in window if _similar(block, new[index])), None)
        if match is None:
            pairs.append((block, None))
            continue
        pairs.extend((None, inserted) for inserted in new[next_new:match])
        pairs.append((block, new[match]))
        next_new = match + 1
    pairs.extend((None, inserted) for inserted in new[next_new:])
    return pairs


def _block_pairs(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    matcher = difflib.SequenceMatcher(None, [b.signature for b in old], [b.signature for b in new], autojunk=False)
    pairs: list[tuple[Block | None, Block | None]] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            pairs.extend(zip(old[old_start:old_end], new[new_start:new_end], strict=True))
        else:
            pairs.extend(_pair_blocks(old[old_start:old_end], new[new_start:new_end]))
    return pairs


def _render_pairs(pairs: list[tuple[Block | None, Block | None]]) -> str:
    """The blocks as HTML; list items are gathered into their lists again, a deeper list inside
    the item before it (so the outer list's numbering goes on after it)."""
    parts: list[str] = []
    open_lists: list[list] = []  # [list tag, whether its last <li> is still open], outermost first

    def close_lists(depth: int) -> None:
        while len(open_lists) > depth:
            tag, item_open = open_lists.pop()
            parts.append(f"{'</li>' if item_open else ''}</{tag}>")

    for old, new in pairs:
        block = new or old
        if old is None:
            inner = _marked(new.tokens, "ins")
        elif new is None:
            inner = _marked(old.tokens, "del")
        else:
            inner = _inline_diff(old.tokens, new.tokens)
        depth = block.list_depth if block.tag == "li" else 0
        close_lists(depth)
        if not depth:
            parts.append(_wrap(block, inner))
            continue
        if len(open_lists) == depth and open_lists[-1][0] != block.list_tag:
            close_lists(depth - 1)  # a list of the other kind at the same level
        while len(open_lists) < depth:
            nested = ' class="nested"' if open_lists else ""
            parts.append(f"<{block.list_tag}{nested}>")
            open_lists.append([block.list_tag, False])
        if open_lists[-1][1]:
            parts.append("</li>")
        parts.append(f"<li>{inner}")
        open_lists[-1][1] = True
    close_lists(0)
    return "".join(parts)


def _sanitized(html: str) -> SafeString:
    return mark_safe(  # noqa: S308 - nh3 has just removed everything unsafe
        nh3.clean(
            html,
            tags=ALLOWED_TAGS | {"del", "ins"},
            attributes=ALLOWED_ATTRIBUTES | {"ol": {"class"}, "ul": {"class"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


def markdown_diff(old: str, new: str) -> SafeString:
    """The newer Markdown text rendered, with removed words in <del> and added ones in <ins>."""
    return _sanitized(_render_pairs(_block_pairs(markdown_blocks(old), markdown_blocks(new))))


def markdown_marked(text: str, tag: str) -> SafeString:
    """A text only one side has, rendered, every block in <ins> or <del>."""
    blocks = markdown_blocks(text)
    pairs = [(None, block) if tag == "ins" else (block, None) for block in blocks]
    return _sanitized(_render_pairs(pairs))


def inline_diff(old: str, new: str) -> SafeString:
    """Two one-line texts (headings) compared word by word, shown as plain escaped text."""
    tokens = lambda text: [Token(word) for word in WORDS.findall(text)]  # noqa: E731
    return _sanitized(_inline_diff(tokens(old), tokens(new)))


# ---------------------------------------------------------------- keyed blocks


@dataclass(frozen=True)
class Keyed:
    """A block of one version as compare_keyed reads it: its stable key and its wording."""

    key: str
    text: str


@dataclass(frozen=True)
class Pair:
    """A block in the compared reading order: its index in the older and in the newer version."""

    old: int | None
    new: int | None
    moved: bool = False


def _match(old: list[Keyed], new: list[Keyed]) -> dict[int, int]:
    """new index → old index, for blocks present in both: same key, else wording at least 60 % alike."""
    old_by_key = {block.key: index for index, block in enumerate(old)}
    matches = {index: old_by_key[block.key] for index, block in enumerate(new) if block.key in old_by_key}
    taken = set(matches.values())
    unmatched_old = [index for index in range(len(old)) if index not in taken]
    for index, block in enumerate(new):
        if index in matches or not unmatched_old:
            continue
        alike = [
            candidate
            for candidate in unmatched_old
            if similar_enough(old[candidate].text, block.text, SAME_BLOCK_RATIO)
        ]
        if alike:
            best = max(
                alike,
                key=lambda candidate: difflib.SequenceMatcher(
                    None, WORD_OR_MARK.findall(old[candidate].text), WORD_OR_MARK.findall(block.text)
                ).ratio(),
            )
            matches[index] = best
            unmatched_old.remove(best)
    return matches


def kept_in_order(old_orders: list[int]) -> set[int]:
    """The longest increasing run of old positions: the blocks that did not move."""
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


def compare_keyed(old: list[Keyed], new: list[Keyed]) -> list[Pair]:
    """The newer version's blocks in order, each with its older self if any; a block outside the
    longest run that kept its order is moved; removed blocks stay where they stood, after the
    block that preceded them."""
    matches = _match(old, new)
    kept = kept_in_order([matches[index] for index in range(len(new)) if index in matches])
    matched_old = set(matches.values())
    # A removed block follows the last block before it that kept its place (-1: the start).
    after_kept: dict[int, list[int]] = {}
    anchor = -1
    for index in range(len(old)):
        if index in kept:
            anchor = index
        elif index not in matched_old:
            after_kept.setdefault(anchor, []).append(index)
    pairs: list[Pair] = [Pair(removed, None) for removed in after_kept.get(-1, [])]
    for index in range(len(new)):
        old_index = matches.get(index)
        if old_index is None:
            pairs.append(Pair(None, index))
            continue
        pairs.append(Pair(old_index, index, moved=old_index not in kept))
        if old_index in kept:
            pairs.extend(Pair(removed, None) for removed in after_kept.get(old_index, []))
    return pairs
