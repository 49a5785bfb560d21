"""Open points of a draft: what still has to be filled in before adoption.

Bracketed placeholders ([venue and location]), blanks (______), dates left out
("from to of, 2012", "on September 2011" without its day) and stand-ins for a State Party, in italics (*State Party*,
rendered <em>State Party</em>) or in parentheses ("(State Party)", as the seed
writes one of them).
"""

import bisect
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from decisions.numbering import numbered_in_reading_order

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "on September 2011": a date whose day is still to be filled in.
DAY_LEFT_OUT = rf"\bon (?:{MONTHS}) \d{{4}}\b"

# In the Markdown source: a bracket that is not a link's text, blanks, left-out dates, stand-ins.
OPEN_POINT_SOURCE = re.compile(
    r"(?P<placeholder>\[[^\[\]]+\](?!\())"
    r"|(?P<blank>_{3,})"
    rf"|(?P<missing_dates>\bfrom to of\b|{DAY_LEFT_OUT})"
    r"|(?P<stand_in>\*State Party\*|\(State Party\))"
)
KINDS = {
    "placeholder": _("placeholder"),
    "blank": _("blank"),
    "missing_dates": _("dates left out"),
    "stand_in": _("stand-in for a State Party"),
}

# In rendered, sanitized HTML: only text between tags is marked, never inside a tag or an
# attribute (mark_open_points skips matches there). <em>State Party</em> spans two whole tags.
OPEN_POINT_HTML = re.compile(
    r"\[[^\[\]<>\"]+\]|_{3,}|\bfrom to of\b|<em>State Party</em>|\(State Party\)" + rf"|{DAY_LEFT_OUT}"
)
# A tag, with its quoted attribute values read whole, so a ">" inside one does not end it.
HTML_TAG = re.compile(r"""<(?:"[^"]*"|'[^']*'|[^'">])*>""")


@dataclass(frozen=True)
class OpenPoint:
    paragraph: str  # the paragraph's full name (decisions.numbering), e.g. "2. b)" or "3., second bullet"
    kind: str
    text: str


def find_open_points(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every open point in a paragraph's Markdown, in order."""
    return [(KINDS[match.lastgroup], match[0]) for match in OPEN_POINT_SOURCE.finditer(text)]


def mark_open_points(html: str) -> SafeString:
    """Wrap every open point in the text of sanitized HTML in <mark class="open-point">; tags are left as they are.

    A "[venue]" in a link's address or title is no open point to mark: a <mark>
    there would break the link.
    """
    tags = [tag.span() for tag in HTML_TAG.finditer(html)]  # in order, not overlapping
    tag_starts = [start for start, _end in tags]

    def in_a_tag(position: int) -> bool:
        index = bisect.bisect_left(tag_starts, position) - 1  # the last tag that starts before it
        return index >= 0 and position < tags[index][1]

    marked, done = [], 0
    for match in OPEN_POINT_HTML.finditer(html):
        if in_a_tag(match.start()) or in_a_tag(match.end()):
            continue
        marked += [html[done : match.start()], f'<mark class="open-point">{match[0]}</mark>']
        done = match.end()
    marked.append(html[done:])
    return mark_safe("".join(marked))  # noqa: S308 - only <mark> tags are added to sanitized HTML


def decision_open_points(paragraphs) -> list[OpenPoint]:
    """The open points of one decision's paragraphs (saved, or as an edit submits them), in reading order."""
    found: list[OpenPoint] = []
    for paragraph, _label, full_number, _depth in numbered_in_reading_order(paragraphs):
        for text in (paragraph.text, paragraph.closing_text):
            found.extend(OpenPoint(full_number, kind, match) for kind, match in find_open_points(text))
    return found


def validate_nothing_open(paragraphs) -> None:
    """A decision is adopted only once every placeholder is filled in."""
    still_open = decision_open_points(paragraphs)
    if still_open:
        listed = "; ".join(f"{point.paragraph} {point.text}" for point in still_open[:10])
        if len(still_open) > 10:
            listed = gettext("%(listed)s and %(count)s more") % {"listed": listed, "count": len(still_open) - 10}
        raise ValidationError(
            ngettext(
                "The decision cannot be marked adopted while %(count)s open point remains: %(listed)s. "
                "Fill them in first.",
                "The decision cannot be marked adopted while %(count)s open points remain: %(listed)s. "
                "Fill them in first.",
                len(still_open),
            )
            % {"count": len(still_open), "listed": listed}
        )
