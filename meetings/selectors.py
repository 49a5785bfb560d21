from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.ordered_tree import children_by_parent
from meetings.models import AgendaItem, Meeting
from workgroups.access import may_read_circulated


def agenda_tree(meeting: Meeting) -> list[AgendaItem]:
    """The top-level agenda items, in one query; each gets `.number` (1, 2, 3...) and `.subitems`."""
    items = list(meeting.agenda_items.prefetch_related("documents"))
    groups = children_by_parent(items)
    for item in items:
        item.subitems = groups.get(item.pk, [])
    top_level = groups.get(None, [])
    for number, item in enumerate(top_level, start=1):
        item.number = number
    return top_level


def issued_agenda_items(version) -> SafeString:
    """The agenda items as a version of the agenda froze them: what readers see until the next one is issued.

    The frozen agenda document is its title block followed by one list of items
    (templates/meetings/agenda_document.html); the meeting page shows the list.
    """
    start, end = version.html.find('<ol class="agenda'), version.html.rfind("</ol>")
    if start == -1 or end < start:
        return mark_safe("")
    items = version.html[start : end + len("</ol>")]
    # Marked with its language, which may not be the page's (an agenda with no version in the reader's).
    return format_html('<div lang="{}">{}</div>', version.language, mark_safe(items))  # noqa: S308 - frozen HTML rendered by our template


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Public meetings for everyone; closed ones too for signed-in Friends, coordinators and staff."""
    if may_read_circulated(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(is_public=True)
