"""Open points of a draft: what still has to be filled in before adoption.

Bracketed placeholders ([venue and location]), blanks (______) and italic
stand-ins (*State Party*, rendered <em>State Party</em>).
"""

import re

from django.utils.safestring import SafeString, mark_safe

# Only text between tags is matched, never inside a tag or an attribute.
OPEN_POINT_HTML = re.compile(r"\[[^\[\]<>\"]+\]|_{3,}|<em>State Party</em>")


def mark_open_points(html: str) -> SafeString:
    """Wrap every open point of sanitized HTML in <mark class="open-point">."""
    return mark_safe(OPEN_POINT_HTML.sub(lambda match: f'<mark class="open-point">{match[0]}</mark>', html))  # noqa: S308
