from ccm_portal.ordered_tree import children_by_parent
from meetings.models import AgendaItem, Meeting


def agenda_tree(meeting: Meeting) -> list[AgendaItem]:
    """The top-level agenda items, in one query; each gets `.number` (1, 2, 3...) and `.subitems`."""
    items = list(meeting.agenda_items.all())
    groups = children_by_parent(items)
    for item in items:
        item.subitems = groups.get(item.pk, [])
    top_level = groups.get(None, [])
    for number, item in enumerate(top_level, start=1):
        item.number = number
    return top_level
