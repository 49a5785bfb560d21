from django.db.models import QuerySet

from ccm_portal.ordered_tree import children_by_parent
from ccm_portal.publishing.selectors import may_read_circulated
from meetings.models import AgendaItem, Meeting


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


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Public meetings for everyone; closed ones too for signed-in Friends, coordinators and staff."""
    if may_read_circulated(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(is_public=True)
