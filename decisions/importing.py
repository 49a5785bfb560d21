"""A draft decision pasted or uploaded as text, Markdown or .docx, read into a paragraph tree.

The shape is the seed's: numbered paragraphs (1.), lettered sub-paragraphs (a)),
roman sub-sub-paragraphs (i)), bulleted lists, and tables that a conversion
flattened into "| 2. | text | |" rows. Typed numbers only place a paragraph in
the tree (1. → top level, a) → under it, i) → under that); the portal numbers
paragraphs itself, so a number that does not follow on is reported, not kept.

Where a table cell holds no number, its column says which paragraph it
continues: text below a paragraph that already has sub-paragraphs becomes that
paragraph's closing text ("each led by ..."), as in the seed.
"""

import io
import itertools
import re
from dataclasses import dataclass, field

import docx
import docx.table
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext

from core.uploads import DOCX, check_zip_container, detect_document_type
from decisions.numbering import numbered_in_reading_order, to_letters, to_roman

MAX_TEXT_LENGTH = 200_000

NUMBER_MARKER = re.compile(r"^(?P<number>\d{1,3})\.(?:\s+|(?=[A-Z])|$)")
LETTER_MARKER = re.compile(r"^\(?(?P<alpha>[a-z]{1,6})\)(?:\s+|$)")
LIST_ITEM = re.compile(r"^(?P<indent>\s*)[-*+•]\s+(?P<content>.*)$")
TABLE_SEPARATOR = re.compile(r"^\|[\s:|-]*$")
ROMAN_VALUES = {to_roman(value): value for value in range(1, 40)}


class DecisionTextError(Exception):
    """The text cannot be read as a decision; each problem names its line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportedParagraph:
    text: str
    line: int
    depth: int
    number: int | None = None  # as typed in the source (3 for "c)"); None for a bullet
    children: list["ImportedParagraph"] = field(default_factory=list)
    closing_text: str = ""
    list_style: str = "numbered"
    continues_numbering: bool = False
    start: int = 0  # the number before its first sub-paragraph: 6 when they continue at vii)
    label: str = ""  # as the portal will number it: "c)", "vii)", "•" (set by ImportedDecision.number)
    full_name: str = ""  # "2. c)", "3., second bullet"

    def last_child_number(self) -> int:
        return self.start + len(self.children)


@dataclass
class ImportedDecision:
    paragraphs: list[ImportedParagraph]
    preamble: list[tuple[int, str]]  # lines before the first paragraph: not imported, shown in the preview
    warnings: list[str]

    def walk(self):
        """(paragraph, parent, position among its siblings from 1) in reading order."""

        def visit(paragraphs, parent):
            for position, paragraph in enumerate(paragraphs, start=1):
                yield paragraph, parent, position
                yield from visit(paragraph.children, paragraph)

        yield from visit(self.paragraphs, None)

    def number(self) -> None:
        """Label every paragraph as the decision will number it once imported (decisions.numbering)."""
        nodes, ids = [], {}
        for index, (paragraph, parent, position) in enumerate(self.walk(), start=1):
            ids[id(paragraph)] = index
            nodes.append(
                _PreviewNode(
                    index,
                    ids[id(parent)] if parent is not None else None,
                    position,
                    paragraph.list_style,
                    paragraph.continues_numbering,
                    paragraph,
                )
            )
        for node, label, full_name, _depth in numbered_in_reading_order(nodes):
            node.paragraph.label, node.paragraph.full_name = label, full_name


@dataclass
class _PreviewNode:
    """An imported paragraph shaped for decisions.numbering."""

    pk: int
    parent_id: int | None
    position: int
    list_style: str
    continues_numbering: bool
    paragraph: ImportedParagraph


def _clean(text: str) -> str:
    return " ".join(text.split())


def _append(existing: str, more: str) -> str:
    return f"{existing} {more}".strip() if existing else more


class _Reader:
    def __init__(self):
        self.paragraphs: list[ImportedParagraph] = []
        self.stack: list[ImportedParagraph] = []  # the open paragraph at each depth
        self.preamble: list[tuple[int, str]] = []
        self.warnings: list[str] = []
        self.problems: list[str] = []
        self.bullet_indent: int | None = None  # indent of the list line that holds the last numbered paragraph

    # -- markers

    def marker(self, text: str, line: int) -> tuple[int, int, str] | None:
        """(depth, number, rest) if the text starts with 1., a) or i); None otherwise."""
        if match := NUMBER_MARKER.match(text):
            return 0, int(match["number"]), text[match.end() :]
        match = LETTER_MARKER.match(text)
        if match is None:
            return None
        alpha, rest = match["alpha"], text[match.end() :]
        is_letter = len(alpha) == 1
        is_roman = alpha in ROMAN_VALUES
        if is_letter and is_roman:
            # "i)", "c)", "v)": a letter if it is the next letter here, else a roman numeral.
            top = self.stack[0] if self.stack else None
            next_letter = to_letters(top.last_child_number() + 1) if top else "a"
            is_roman = alpha != next_letter and len(self.stack) >= 2
            is_letter = not is_roman
        if is_letter:
            return 1, ord(alpha) - ord("a") + 1, rest
        if is_roman:
            return 2, ROMAN_VALUES[alpha], rest
        self.problems.append(
            gettext("Line %(line)s: “%(label)s” is neither a letter nor a roman numeral.")
            % {"line": line, "label": f"{alpha})"}
        )
        return None

    # -- building the tree

    def add(self, depth: int, number: int, text: str, line: int, label: str) -> ImportedParagraph | None:
        if depth > len(self.stack):
            if depth == 1:
                message = gettext(
                    "Line %(line)s: “%(label)s” has no numbered paragraph (1., 2. …) above it to belong to."
                )
            else:
                message = gettext(
                    "Line %(line)s: “%(label)s” has no lettered sub-paragraph (a), b) …) above it to belong to."
                )
            self.problems.append(message % {"line": line, "label": label})
            return None
        parent = self.stack[depth - 1] if depth else None
        siblings = parent.children if parent else self.paragraphs
        if parent is not None and parent.list_style == "bulleted":
            self.problems.append(
                gettext("Line %(line)s: “%(label)s” follows bullet points under the same paragraph.")
                % {"line": line, "label": label}
            )
            return None
        paragraph = ImportedParagraph(text=_clean(text), line=line, depth=depth, number=number)
        expected = (parent.last_child_number() if parent else len(siblings)) + 1
        if parent is not None and not parent.children and number != 1:
            previous = self._previous_sibling(parent)
            if previous is not None and number == previous.last_child_number() + 1:
                parent.continues_numbering, parent.start, expected = True, number - 1, number
        if number != expected:
            self.warnings.append(
                gettext(
                    "Line %(line)s: “%(label)s” does not follow on; it will be numbered "
                    "%(number)s (numbers are computed from the order)."
                )
                % {"line": line, "label": label, "number": self._label(depth, expected)}
            )
        siblings.append(paragraph)
        self.stack[depth:] = [paragraph]
        return paragraph

    def _previous_sibling(self, paragraph: ImportedParagraph) -> ImportedParagraph | None:
        siblings = self.stack[paragraph.depth - 1].children if paragraph.depth else self.paragraphs
        index = next(i for i, sibling in enumerate(siblings) if sibling is paragraph)
        return siblings[index - 1] if index else None

    @staticmethod
    def _label(depth: int, number: int) -> str:
        return f"{number}." if depth == 0 else f"{to_letters(number) if depth == 1 else to_roman(number)})"

    def add_marked(self, text: str, line: int) -> bool:
        """Add the paragraph(s) this text opens with; False if it starts with no number."""
        found = self.marker(text, line)
        if found is None:
            return False
        depth, number, rest = found
        # The seed puts i) ... ii) ... iii) in one cell: split where the next number follows on.
        pieces = self._split_inline(depth, number, rest) if depth > 0 else [(number, rest)]
        for number_here, piece in pieces:
            label = self._label(depth, number_here)
            if not piece.strip():
                self.warnings.append(
                    gettext("Line %(line)s: “%(label)s” has no text.") % {"line": line, "label": label}
                )
            self.add(depth, number_here, piece, line, label)
        return True

    def _split_inline(self, depth: int, number: int, text: str) -> list[tuple[int, str]]:
        pieces = []
        while True:
            following = f" {self._label(depth, number + 1)} "
            index = text.find(following)
            if index < 0:
                pieces.append((number, text))
                return pieces
            pieces.append((number, text[:index]))
            number, text = number + 1, text[index + len(following) :]

    def continue_text(self, text: str, depth: int | None = None) -> None:
        """Unnumbered text: more of the paragraph at `depth` (default: the last one), or its closing text."""
        if depth is None or depth >= len(self.stack):
            depth = len(self.stack) - 1
        owner = self.stack[depth]
        if owner.children:
            owner.closing_text = _append(owner.closing_text, _clean(text))
        else:
            owner.text = _append(owner.text, _clean(text))

    def add_bullet(self, parent: ImportedParagraph, text: str, line: int) -> None:
        if parent.children and parent.list_style != "bulleted":
            self.problems.append(
                gettext("Line %(line)s: a bullet point follows numbered sub-paragraphs of the same paragraph.")
                % {"line": line}
            )
            return
        if parent.depth >= 2:
            self.problems.append(
                gettext("Line %(line)s: paragraphs can be nested at most 3 levels deep.") % {"line": line}
            )
            return
        parent.list_style = "bulleted"
        parent.children.append(ImportedParagraph(text=_clean(text), line=line, depth=parent.depth + 1))

    # -- lines

    def table_row(self, raw: str, line: int) -> None:
        if TABLE_SEPARATOR.match(raw):
            return
        cells = [cell.strip() for cell in raw.strip().strip("|").split("|")]
        filled = [(column, cell) for column, cell in enumerate(cells) if cell]
        if not filled:
            return
        column, first = filled[0]
        text = " ".join(cell for _, cell in filled)
        if not self.stack and self.marker(first, line) is None:
            self.preamble.append((line, text))
            return
        for (_, cell), (_, following) in itertools.pairwise(filled[1:]):
            if len(cell) <= 3 and cell.isalpha() and self.marker(cell, line) is None:
                self.warnings.append(
                    gettext(
                        "Line %(line)s: “%(cell)s” stands alone in a table cell before “%(following)s…”: "
                        "a word cut by the table layout? Check the text."
                    )
                    % {"line": line, "cell": cell, "following": following[:30]}
                )
        if not self.add_marked(text, line):
            # The text of a depth-d paragraph sits in column d+1.
            self.continue_text(text, depth=max(column - 1, 0))
        self.bullet_indent = None

    def list_line(self, indent: int, content: str, line: int) -> None:
        if not self.stack:
            if self.add_marked(content, line):
                self.bullet_indent = indent
            else:
                self.preamble.append((line, content))
            return
        if self.add_marked(content, line):
            self.bullet_indent = indent
            return
        last_numbered = next(p for p in reversed(self.stack) if p.number is not None)
        if self.bullet_indent is not None and indent > self.bullet_indent:
            self.add_bullet(last_numbered, content, line)
        else:
            self.continue_text(content, depth=last_numbered.depth)

    def plain_line(self, text: str, indent: int, line: int) -> None:
        if self.add_marked(text, line):
            self.bullet_indent = indent  # a list indented below "1. ..." belongs to it, as in Markdown
        elif not self.stack:
            self.preamble.append((line, text))
        else:
            self.continue_text(text)


def decision_text_read(text: str) -> ImportedDecision:
    """The paragraph tree of a draft written as text or Markdown; DecisionTextError names what is wrong."""
    if len(text) > MAX_TEXT_LENGTH:
        raise DecisionTextError(
            [
                gettext("The text is %(length)s characters long; at most %(limit)s are read.")
                % {
                    "length": number_format(len(text), force_grouping=True),
                    "limit": number_format(MAX_TEXT_LENGTH, force_grouping=True),
                }
            ]
        )
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if raw.lstrip().startswith("|"):
            reader.table_row(raw, number)
        elif item := LIST_ITEM.match(raw):
            reader.list_line(len(item["indent"].expandtabs(4)), item["content"].strip(), number)
        else:
            reader.plain_line(raw.strip(), len(raw) - len(raw.lstrip()), number)
    if not reader.paragraphs and not reader.problems:
        reader.problems.append(
            gettext(
                "No numbered paragraph found: start each paragraph with its number (1., 2. …) "
                "and sub-paragraphs with a), b) … or i), ii) …."
            )
        )
    if reader.problems:
        raise DecisionTextError(reader.problems)
    imported = ImportedDecision(reader.paragraphs, reader.preamble, reader.warnings)
    imported.number()
    return imported


# ---------------------------------------------------------------- uploads

TEXT_EXTENSIONS = (".txt", ".md", ".markdown")


def uploaded_text(*, name: str, content: bytes) -> str:
    """The text of an uploaded draft: .txt and .md as UTF-8, .docx through python-docx."""
    lower = name.lower()
    if lower.endswith(".docx"):
        if detect_document_type(io.BytesIO(content)) != DOCX:
            raise DecisionTextError([gettext("“%(name)s” is named .docx but is not a Word document.") % {"name": name}])
        return docx_text(content)
    if not lower.endswith(TEXT_EXTENSIONS):
        raise DecisionTextError(
            [gettext("“%(name)s”: upload a text (.txt), Markdown (.md) or Word (.docx) file.") % {"name": name}]
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise DecisionTextError(
            [
                gettext("Line %(line)s of “%(name)s” is not UTF-8 text: save the file as UTF-8, or upload the .docx.")
                % {"line": line, "name": name}
            ]
        ) from None


def _runs_text(paragraph) -> str:
    """A Word paragraph's text, italic runs in *asterisks* (stand-ins like *State Party* are italic)."""
    parts = []
    for run in paragraph.runs:
        text = run.text
        parts.append(f"*{text.strip()}*{' ' if text.endswith(' ') else ''}" if run.italic and text.strip() else text)
    return "".join(parts) or paragraph.text


def _list_level(paragraph) -> tuple[int, bool] | None:
    """(level, bulleted) for a paragraph Word numbers itself, from its numbering or its list style."""
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    style = paragraph.style.name if paragraph.style is not None else ""
    match = re.match(r"List (Number|Bullet)(?: (\d))?$", style)
    if numbering is not None and numbering.ilvl is not None:
        return numbering.ilvl.val, bool(match and match[1] == "Bullet")
    if match:
        return int(match[2] or 1) - 1, match[1] == "Bullet"
    return None


def docx_text(content: bytes) -> str:
    """The document as the import reads text: paragraphs as lines, tables as | rows |, Word's own
    list numbers written out (1., a), i)), bullets as "- " items."""
    try:
        # Before python-docx unpacks anything: a small file may declare gigabytes of text.
        check_zip_container(io.BytesIO(content))
    except ValidationError as error:
        raise DecisionTextError(error.messages) from None
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as error:  # python-docx raises several types for a damaged package
        raise DecisionTextError(
            [gettext("The Word document cannot be read (%(error)s).") % {"error": type(error).__name__}]
        ) from None

    lines: list[str] = []
    counters = [0, 0, 0]
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                seen, cells = set(), []
                for cell in row.cells:  # a merged cell comes back once per grid column it spans
                    cells.append("" if id(cell._tc) in seen else " ".join(cell.text.split()))
                    seen.add(id(cell._tc))
                lines.append("| " + " | ".join(cells) + " |")
            continue
        text = _runs_text(block)
        level = _list_level(block)
        if level is None:
            lines.append(text)
            continue
        depth, bulleted = min(level[0], 2), level[1]
        if bulleted:
            lines.append(f"{' ' * depth}- {text}")
            continue
        counters[depth] += 1
        counters[depth + 1 :] = [0] * (2 - depth)
        label = _Reader._label(depth, counters[depth])
        lines.append(f"{label} {text}")
    return "\n".join(lines)
