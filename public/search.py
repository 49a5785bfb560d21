"""What search finds besides published documents: meetings, and working groups with their updates.

Published documents are ranked by PostgreSQL's full-text search (publishing/search.py). Meetings and
groups are few and their words short (a title, a venue, a city; a group's name and pages), so each of
the query's words must occur in one of their fields, as typed (case aside); they are listed above the
documents on the first page of results, with the same privacy rules as their own lists.
"""

from django.db.models import Q, QuerySet

from meetings.models import Meeting
from meetings.selectors import meetings_visible_to
from publishing.search import query_words
from workgroups.models import GroupUpdate, WorkingGroup

LISTED = 10  # of each kind, on the first page of results


def _each_word_in_one_of(words: list[str], fields: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        in_one = Q()
        for field in fields:
            in_one |= Q(**{f"{field}__icontains": word})
        condition &= in_one
    return condition


def meetings_matching(query: str, user) -> QuerySet[Meeting]:
    """Meetings the reader may see whose title, venue, room or city (or country) hold every word; the
    latest first."""
    words = query_words(query)
    if not words:
        return Meeting.objects.none()
    fields = ("title", "venue", "room", "city", "country__name")
    return (
        meetings_visible_to(user)
        .filter(_each_word_in_one_of(words, fields))
        .select_related("country")
        .order_by("-start_date", "pk")[:LISTED]
    )


def groups_matching(query: str) -> QuerySet[WorkingGroup]:
    """Working groups whose name or pages (mandate, overview, work plan) hold every word, in the groups'
    order."""
    words = query_words(query)
    if not words:
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(_each_word_in_one_of(words, ("name", "mandate", "overview", "work_plan")))[
        :LISTED
    ]


def updates_matching(query: str) -> QuerySet[GroupUpdate]:
    """Group updates whose title or text hold every word; the latest first."""
    words = query_words(query)
    if not words:
        return GroupUpdate.objects.none()
    return (
        GroupUpdate.objects.filter(_each_word_in_one_of(words, ("title", "body")))
        .select_related("group")
        .order_by("-created_at", "pk")[:LISTED]
    )
