from ccm_portal.ordered_tree import walk_depth_first
from ccm_portal.publishing.states import PublicationState
from meetings.models import AgendaItem, Meeting, Minutes


def numbered_agenda(meeting: Meeting) -> list[tuple[AgendaItem, int]]:
    """The agenda in reading order with depths; top-level items get `.number` 1, 2, 3..."""
    ordered = walk_depth_first(meeting.agenda_items.all())
    top_level = (item for item, depth in ordered if depth == 0)
    for number, item in enumerate(top_level, start=1):
        item.number = number
    return ordered


def minutes_visible_to(user, meeting: Meeting) -> Minutes | None:
    """The meeting's minutes if this user may read them: published, or any state for staff."""
    minutes = Minutes.objects.filter(meeting=meeting)
    if not user.is_staff:
        minutes = minutes.filter(publication_state=PublicationState.PUBLIC)
    return minutes.prefetch_related("sections").first()
