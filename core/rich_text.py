"""Markdown written by staff and coordinators, turned into sanitized HTML."""

import html
import re
from html.parser import HTMLParser

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML; anything outside a small safe set of tags, attributes and URL schemes is dropped."""
    # A lone surrogate (no request or database can carry one, but a str can) would make nh3 raise.
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return mark_safe(  # noqa: S308 - nh3 has just removed everything unsafe
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


# Markup that would run script or restyle the page. render_markdown drops it
# anyway; the validator tells the writer instead of silently losing their text.
SCRIPTING_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
SAFE_URL_SCHEMES = {"", "http", "https", "mailto"}


class _UnsafeMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SCRIPTING_TAGS:
            self.problems.append(gettext("the <%(tag)s> tag") % {"tag": tag})
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(gettext('the event attribute %(name)s="…"') % {"name": name})
            elif name == "style":
                self.problems.append(gettext('a style="…" attribute'))
            elif name in URL_ATTRIBUTES and (scheme := _url_scheme(value or "")) not in SAFE_URL_SCHEMES:
                self.problems.append(gettext("a %(scheme)s: link") % {"scheme": scheme})

    handle_startendtag = handle_starttag


# A scheme is a letter, then letters, digits, "+", "-" or ".", up to the first colon
# (RFC 3986; urlsplit reads it the same way).
URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _url_scheme(url: str) -> str:
    # Only the scheme matters here, so it is read from the prefix alone: urlsplit also
    # parses the host and raises on one it cannot read ("http://[venue]"), which made a
    # save a 500. An address the sanitizer cannot read loses its href on rendering
    # anyway; whatever scheme it starts with is judged like any other ("javascript:" is
    # still refused). Browsers ignore whitespace and control characters inside a
    # scheme ("java\tscript:").
    compact = "".join(character for character in url if ord(character) > 0x20)
    match = URL_SCHEME.match(compact)
    return match[1].lower() if match else ""


def find_unsafe_markup(text: str) -> list[str]:
    """What in this Markdown would be script, event handlers, styles or non-web links once rendered."""
    finder = _UnsafeMarkupFinder()
    finder.feed(markdown.markdown(text, extensions=["sane_lists"], output_format="html"))
    finder.close()
    return list(dict.fromkeys(finder.problems))


def validate_safe_markdown(text: str) -> None:
    problems = find_unsafe_markup(text)
    if problems:
        raise ValidationError(
            _(
                "Remove %(found)s: pages may hold Markdown and plain links (http, https, mailto), "
                "not script, event attributes or styles."
            ),
            code="unsafe_markup",
            params={"found": ", ".join(problems)},
        )


def plain_text(text: str) -> str:
    """Text with any HTML markup removed (script and style with their content), to be shown escaped."""
    return html.unescape(nh3.clean(text, tags=set())).strip()
