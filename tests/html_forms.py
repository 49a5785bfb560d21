"""The forms of an HTML page as a browser reads and submits them, parsed with lxml.

lxml is installed with WeasyPrint and python-docx. Its `lxml.html` forms follow
the rules a hand-written parser gets wrong: only a form's own fields, the checked
radio of a group, no disabled fields, a select without a selected option sends
its first one, a multiple select sends each selected option.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

CSRF_FIELD = "csrfmiddlewaretoken"


@dataclass(frozen=True)
class Form:
    """One <form>: where and how it is sent, and what a browser would send from it as it stands."""

    action: str  # the URL it is sent to, resolved against the page's URL (the page's own when it names none)
    method: str  # "GET" or "POST"
    id: str | None
    # name -> value; a name sent more than once (a multiple select, checkboxes) -> the list of its values
    values: dict[str, str | list[str]]

    @property
    def has_csrf_token(self) -> bool:
        """Whether a browser would send a (non-empty) CSRF token with it."""
        return bool(self.values.get(CSRF_FIELD))


def page_forms(html: str | bytes, url: str) -> list[Form]:
    """Every form of the page at `url`, in document order."""
    if isinstance(html, bytes):
        html = html.decode()
    return [_form(element, url) for element in lxml.html.document_fromstring(html).forms]


def post_forms(html: str | bytes, url: str) -> list[Form]:
    """The page's forms that are sent by POST."""
    return [form for form in page_forms(html, url) if form.method == "POST"]


def post_form(html: str | bytes, url: str, *, action: str | None = None) -> Form:
    """The one POST form of the page that is sent to `action` (by default, to the page itself)."""
    action = action or url
    forms = post_forms(html, url)
    found = [form for form in forms if form.action == action]
    assert len(found) == 1, (
        f"{len(found)} POST forms to {action} on {url}; the page posts to {[f.action for f in forms]}"
    )
    return found[0]


def _form(element: lxml.html.FormElement, url: str) -> Form:
    for textarea in element.xpath(".//textarea"):
        # A browser's HTML parser drops the newline right after <textarea> (Django's widget writes one); lxml keeps it.
        if textarea.text:
            textarea.text = textarea.text.removeprefix("\n")
    values: dict[str, str | list[str]] = {}
    for name, value in element.form_values():
        if name in values:
            earlier = values[name]
            values[name] = [*earlier, value] if isinstance(earlier, list) else [earlier, value]
        else:
            values[name] = value
    return Form(
        action=urljoin(url, element.get("action") or ""),
        method=element.method.upper(),
        id=element.get("id"),
        values=values,
    )
