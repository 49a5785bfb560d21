"""Two versions of minutes compared: the summary and each section, matched by the section's key.

A renamed or moved section is still the same section (its key); one whose key is new but whose
wording is mostly the same (a section deleted and typed again) is matched by wording. Words are
compared as for a decision's redline (core/text_diff.py). One body template feeds the page and
the PDF; the PDF goes through the generated-file pipeline (MinutesComparePdf).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.text_diff import Keyed, compare_keyed, inline_diff, markdown_diff, markdown_marked
from meetings.models import Minutes, MinutesComparePdf, MinutesRevision
from publishing.generated import generated_pdf_store

SUMMARY_KEY = "summary"  # the summary compared as a section of its own, always first


def minutes_snapshot(minutes: Minutes) -> list[dict]:
    """The sections of the minutes as JSON-ready data, in reading order."""
    return [
        {"key": str(section.key), "heading": section.heading, "body": section.body}
        for section in minutes.sections.all()
    ]


@dataclass
class ComparedSection:
    change: str  # "unchanged", "changed", "inserted" or "deleted"
    heading: SafeString
    body: SafeString
    moved: bool = False
    renamed_from: str = ""  # the heading it had, if it was renamed

    @property
    def counts(self) -> bool:
        return self.change != "unchanged" or self.moved


def _blocks(revision: MinutesRevision) -> list[dict]:
    return [{"key": SUMMARY_KEY, "heading": "Summary", "body": revision.summary}, *revision.sections]


def minutes_compare(older: MinutesRevision, newer: MinutesRevision) -> list[ComparedSection]:
    """The newer version's sections in order, marked against the older one's; removed sections
    stay where they stood."""
    old, new = _blocks(older), _blocks(newer)
    pairs = compare_keyed(
        [Keyed(block["key"], f"{block['heading']}\n{block['body']}") for block in old],
        [Keyed(block["key"], f"{block['heading']}\n{block['body']}") for block in new],
    )
    compared = []
    for pair in pairs:
        if pair.new is None:
            gone = old[pair.old]
            compared.append(
                ComparedSection("deleted", inline_diff(gone["heading"], ""), markdown_marked(gone["body"], "del"))
            )
        elif pair.old is None:
            added = new[pair.new]
            compared.append(
                ComparedSection("inserted", inline_diff("", added["heading"]), markdown_marked(added["body"], "ins"))
            )
        else:
            before, after = old[pair.old], new[pair.new]
            changed = (before["heading"], before["body"]) != (after["heading"], after["body"])
            compared.append(
                ComparedSection(
                    "changed" if changed else "unchanged",
                    inline_diff(before["heading"], after["heading"]),
                    markdown_diff(before["body"], after["body"]),
                    moved=pair.moved,
                    renamed_from=before["heading"] if before["heading"] != after["heading"] else "",
                )
            )
    return compared


def minutes_compare_document_html(*, older: MinutesRevision, newer: MinutesRevision) -> str:
    """The body of the comparison: title, the two versions, a key, and the marked sections."""
    sections = minutes_compare(older, newer)
    return render_to_string(
        "meetings/minutes_compare_document.html",
        {
            "minutes": newer.minutes,
            "meeting": newer.minutes.meeting,
            "older": older,
            "newer": newer,
            "sections": sections,
            "changes": sum(1 for section in sections if section.counts),
        },
    )


def minutes_compare_print_html(*, older: MinutesRevision, newer: MinutesRevision) -> str:
    """The comparison in the print layout: the source of its PDF."""
    return render_to_string(
        "pdf/redline.html",
        {
            "title": f"Comparison: {newer.version.title}, {older.label} to {newer.label}",
            "running_header": f"{newer.version.reference} · {newer.label} compared with {older.label}",
            "body": minutes_compare_document_html(older=older, newer=newer),
            # DRAFT on every page when either side is a circulated draft.
            "draft": older.version.marked_draft or newer.version.marked_draft,
        },
    )


def minutes_compare_pdf_render(
    *, older: MinutesRevision, newer: MinutesRevision, force: bool = False
) -> MinutesComparePdf:
    """Render the pair's PDF once (publishing/generated.py): both versions are frozen."""
    stored, _created = MinutesComparePdf.objects.get_or_create(older=older, newer=newer)
    generated_pdf_store(record=stored, force=force)
    return stored
