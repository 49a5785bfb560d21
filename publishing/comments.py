"""Links to the comments page inside a frozen version's HTML, for readers who may comment on it.

A document's template marks what may be commented on with `data-comment-target="<stable key>"`
on a `<section>` (its first heading gets "Comment on this section") or an `<li>` ("Comment on
this point"). The frozen HTML never changes: the links are added when the page is shown.
"""

import re
from urllib.parse import quote

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

_SECTION = re.compile(r'(<section data-comment-target="([^"]+)"[^>]*>\s*<h(\d)[^>]*>.*?</h\3>)', re.DOTALL)
_ITEM = re.compile(r'(<li data-comment-target="([^"]+)"[^>]*>)(.*?)(</li>)', re.DOTALL)


_MARKED = re.compile(r'data-(?:comment-target|comment-part)="([^"]+)"')


def keys_in_version(html: str) -> set[str]:
    """The targets a frozen version marks (`data-comment-target`, or `data-comment-part` where a part
    may be commented on from the comments page only): what its readers were shown, so nothing
    written since, and not yet circulated, is offered to them."""
    return set(_MARKED.findall(html))


def _link(url: str, key: str, label: str) -> str:
    return f'<a class="comment-link" href="{escape(url)}?target={quote(key)}#comment-form">{label}</a>'


def with_comment_links(html: str, *, comments_url: str, keys: set[str]) -> SafeString:
    """The version's HTML with a comment link on each marked target whose key is in `keys`."""

    def section(match):
        if match.group(2) not in keys:
            return match.group(0)
        link = _link(comments_url, match.group(2), escape(gettext("Comment on this section")))
        return f'{match.group(1)}\n<p class="comment-link">{link}</p>'

    def item(match):
        if match.group(2) not in keys:
            return match.group(0)
        link = _link(comments_url, match.group(2), escape(gettext("Comment on this point")))
        return f"{match.group(1)}{match.group(3)} {link}{match.group(4)}"

    return mark_safe(_ITEM.sub(item, _SECTION.sub(section, html)))  # noqa: S308 - frozen HTML rendered by our templates
