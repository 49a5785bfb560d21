"""The agenda as a version of it was issued, as data: a tree of items with their leads.

Readers see the items as the readable version froze them (selectors.issued_agenda_items), never the
working text staff edit meanwhile. The frozen HTML (templates/meetings/_agenda_items.html) gives which
items were issued, in which order and nesting, and what each printed; an item's title, description and
lead come from its record only while the record still prints what was issued, so nothing typed since
is ever shown (an item edited since keeps its printed text alone).

Reading the frozen HTML is the costly part, and a version's frozen HTML never changes: what it gives (the
*outline*: items, numbers, printed texts, document ids) is kept in the shared cache (settings.CACHES
"default", the one publishing.page_cache keeps pages in: every process reads the same entries, and nothing
is kept in one process's memory), under the version's id and the SHA-256 of its HTML. No change can make
a kept outline wrong: another HTML is another key, a withdrawal is read from the version's row on each
request (a withdrawn agenda shows no items, whatever is kept), and the records' titles and leads are
matched against it on each request. So there is nothing to invalidate, and a lost entry is only read again.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.cache import cache

from meetings.models import AgendaItem

_ITEM_KEY = re.compile(r"item-([0-9]+)")
_DOCUMENT_ADDRESS = re.compile(r"/documents/([0-9]+)/")
# In every key: raise it when what _outline() returns changes, so that no process ever reads an outline
# that other code stored (while a deploy runs, old and new workers share the cache).
OUTLINE_FORMAT = 1
# Outlines never go stale; the timeout only lets the cache drop those of agendas nobody reads any more.
OUTLINE_TIMEOUT = 30 * 24 * 60 * 60


@dataclass
class IssuedAgendaItem:
    """An item as issued: `text` as printed; `title`, `description`, `lead` None when its record has
    changed since."""

    id: int
    number: str | None  # "1" for the items the agenda numbers; sub-items are not numbered
    text: str
    title: str | None = None
    description: str | None = None
    lead: str | None = None
    lead_as_printed: str | None = None
    document_ids: list[int] = field(default_factory=list)
    subitems: list["IssuedAgendaItem"] = field(default_factory=list)


class _FrozenAgendaParser(HTMLParser):
    """Reads the frozen <ol class="agenda"> into (key, number, printed text, document ids, children)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.roots: list[dict] = []
        self.stack: list[dict] = []
        self.in_number = self.in_text = self.in_link = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "li" and (match := _ITEM_KEY.fullmatch(attributes.get("data-comment-part") or "")):
            node = {"id": int(match.group(1)), "number": "", "text": "", "documents": [], "children": []}
            (self.stack[-1]["children"] if self.stack else self.roots).append(node)
            self.stack.append(node)
        elif self.stack and tag == "span" and "number" in classes:
            self.in_number += 1
        elif self.stack and tag == "div" and "item-text" in classes:
            self.in_text += 1
        elif self.in_text and tag == "a":
            self.in_link += 1
            if match := _DOCUMENT_ADDRESS.search(attributes.get("href") or ""):
                self.stack[-1]["documents"].append(int(match.group(1)))

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()
        elif tag == "span" and self.in_number:
            self.in_number -= 1
        elif tag == "div" and self.in_text:
            self.in_text -= 1
        elif tag == "a" and self.in_link:
            self.in_link -= 1

    def handle_data(self, data):
        if not self.stack:
            return
        if self.in_number:
            self.stack[-1]["number"] += data
        elif self.in_text and not self.in_link:  # document links are listed apart
            self.stack[-1]["text"] += data


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def printed_text(item: AgendaItem, *, numbered: bool) -> str:
    """What templates/meetings/_agenda_item_text.html prints for the item, without its document links."""
    text = item.title
    if item.description:
        text += f", {item.description}" if numbered else f" ({item.description})"
    if item.lead_wording:
        text += f" {item.lead_wording}"
    elif item.lead:
        text += f" – ({item.lead})"
    return _collapsed(text)


def _outline(html: str) -> list[dict]:
    """The items the frozen HTML issued, as plain data (kept in the cache): nodes with `id`, `number`
    ("1", or None for a sub-item), `text` as printed, `documents` (ids) and `children`."""
    start, end = html.find('<ol class="agenda'), html.rfind("</ol>")
    if start == -1 or end < start:
        return []
    parser = _FrozenAgendaParser()
    parser.feed(html[start : end + len("</ol>")])
    parser.close()

    def plain(node: dict) -> dict:
        return {
            "id": node["id"],
            "number": _collapsed(node["number"]).rstrip(".") or None,
            "text": _collapsed(node["text"]),
            "documents": node["documents"],
            "children": [plain(child) for child in node["children"]],
        }

    return [plain(node) for node in parser.roots]


def _outline_key(version) -> str:
    digest = hashlib.sha256(version.html.encode("utf-8", "surrogatepass")).hexdigest()
    return f"meetings:agenda-outline:{OUTLINE_FORMAT}:{version.pk}:{digest}"


def _outlines(versions: Sequence) -> list[list[dict]]:
    """Each version's outline: those kept in the shared cache in one round trip (get_many), the others
    read from their HTML and kept (set_many: once per version, whoever reads it first)."""
    keys = [_outline_key(version) for version in versions]
    kept = cache.get_many(keys) if keys else {}
    read = {}
    for key, version in zip(keys, versions, strict=True):
        if key not in kept and key not in read:
            read[key] = _outline(version.html)
    if read:
        cache.set_many(read, OUTLINE_TIMEOUT)
    return [kept[key] if key in kept else read[key] for key in keys]


def _tree(outline: list[dict], items: Iterable[AgendaItem]) -> list[IssuedAgendaItem]:
    records = {item.pk: item for item in items}

    def build(node: dict) -> IssuedAgendaItem:
        number, text = node["number"], node["text"]
        issued = IssuedAgendaItem(id=node["id"], number=number, text=text, document_ids=list(node["documents"]))
        record = records.get(node["id"])
        if record is not None and printed_text(record, numbered=number is not None) == text:
            issued.title, issued.description = record.title, record.description
            issued.lead, issued.lead_as_printed = record.lead or None, record.lead_wording or None
        issued.subitems = [build(child) for child in node["children"]]
        return issued

    return [build(node) for node in outline]


def issued_agenda_trees(agendas: Sequence[tuple]) -> list[list[IssuedAgendaItem]]:
    """For each (version, items): the items `version` of the agenda issued, as a tree; `items` are the
    meeting's item records (prefetched by the caller, so a list of meetings costs no query per meeting).
    The frozen HTML is read once per version for every process (kept in the shared cache): a list of
    meetings costs one cache round trip."""
    outlines = _outlines([version for version, _items in agendas])
    return [_tree(outline, items) for outline, (_version, items) in zip(outlines, agendas, strict=True)]


def issued_agenda_tree(version, items: Iterable[AgendaItem]) -> list[IssuedAgendaItem]:
    """The items `version` of the agenda issued, as a tree (issued_agenda_trees, for one version)."""
    return issued_agenda_trees([(version, items)])[0]
