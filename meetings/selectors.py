from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.ordered_tree import children_by_parent
from meetings.models import AgendaItem, Meeting
from publishing.selectors import readable_versions
from publishing.translations import in_reader_language
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


def action_points_in_reader_language(meeting, minutes_version) -> list:
    """The meeting's action points, each with the text of the minutes' language version in the
    reader's language when it has one (its parts are keyed "action-point-<pk>")."""
    points = list(meeting.action_points.all())
    translated = in_reader_language(minutes_version)
    texts = (translated.translated_texts or {}) if translated.is_translation else {}
    for point in points:
        if text := texts.get(f"action-point-{point.pk}"):
            point.text = text
            point.text_language = translated.language
    return points


def documents_by_language(documents, language: str) -> dict:
    documents = list(documents)
    return {
        "documents": [document for document in documents if document.language == language],
        "other_language_documents": [document for document in documents if document.language != language],
    }


# The past meetings a group's page lists; the list of meetings filtered by the group has them all.
GROUP_PAGE_PAST_MEETINGS = 20


def group_meetings(group, *, reads_circulated: bool) -> tuple[list[Meeting], list[Meeting]]:
    """A group's meetings as its page lists them, in one query however many there are: upcoming
    (not over yet, the soonest first) and the latest past ones (the most recent first).

    Closed meetings only for readers of circulated drafts, as `meetings_visible_to`. Each meeting
    has `minutes_readable` and `agenda_readable`: whether the reader may read a version of its
    minutes or agenda that is not withdrawn (drafts for readers of circulated drafts only), so an
    unpublished document is never linked for anyone else.
    """
    today = timezone.localdate()
    meetings = Meeting.objects.filter(groups=group)
    if not reads_circulated:
        meetings = meetings.filter(is_public=True)
    # A meeting is over after its last day (for tentative dates, the last likely day).
    meetings = meetings.annotate(last_day=Coalesce("end_date", "start_date"))
    latest_past = meetings.filter(last_day__lt=today).order_by("-start_date", "-start_time", "-pk")
    readable = readable_versions(reads_circulated=reads_circulated).filter(withdrawn_at__isnull=True)
    shown = (
        meetings.filter(Q(last_day__gte=today) | Q(pk__in=latest_past.values("pk")[:GROUP_PAGE_PAST_MEETINGS]))
        .select_related("country")
        .annotate(
            minutes_readable=Exists(readable.filter(minutes__meeting=OuterRef("pk"))),
            agenda_readable=Exists(readable.filter(agenda__meeting=OuterRef("pk"))),
        )
        .order_by("start_date", "start_time", "pk")
    )
    upcoming, past = [], []
    for meeting in shown:
        (upcoming if meeting.last_day >= today else past).append(meeting)
    return upcoming, past[::-1]
