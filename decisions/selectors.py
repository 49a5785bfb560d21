from django.db.models import QuerySet

from core.ordered_tree import children_by_parent
from decisions.models import Comment, Decision, Paragraph, Revision
from decisions.numbering import paragraph_numbers
from publishing.selectors import readable_versions
from workgroups.access import may_read_circulated


def paragraph_tree(decision: Decision) -> list[Paragraph]:
    """The top-level paragraphs, in one query; each paragraph gets `.number` and `.subparagraphs`."""
    paragraphs = list(decision.paragraphs.all())
    numbers = paragraph_numbers(paragraphs)
    groups = children_by_parent(paragraphs)
    for paragraph in paragraphs:
        paragraph.number = numbers[paragraph.pk]
        paragraph.subparagraphs = groups.get(paragraph.pk, [])
    return groups.get(None, [])


def readable_revisions(user, decision: Decision) -> QuerySet[Revision]:
    """The rounds of a decision this user may read: those whose version they may read, oldest first.

    A withdrawn decision's rounds stay readable by staff only.
    """
    versions = readable_versions(reads_circulated=may_read_circulated(user))
    if not user.is_staff:
        versions = versions.filter(withdrawn_at__isnull=True)
    return decision.revisions.filter(version__in=versions).select_related("version").order_by("number")


def visible_comments(user, decision: Decision) -> QuerySet[Comment]:
    """Staff see every comment on the decision; a Friend or coordinator sees their own."""
    comments = decision.comments.select_related("author", "revision", "answered_in")
    if user.is_staff:
        return comments
    return comments.filter(author=user) if user.is_authenticated else comments.none()


def comments_by_paragraph(user, decision: Decision, paragraphs) -> list[Comment]:
    """Attach to each paragraph of a round the comments this user may see on it (`.comments`);
    return the comments on paragraphs that round no longer has."""
    by_key: dict[str, list[Comment]] = {}
    for comment in visible_comments(user, decision):
        by_key.setdefault(str(comment.paragraph_key), []).append(comment)
    for paragraph in paragraphs:
        paragraph.comments = by_key.pop(paragraph.key, [])
    return [comment for comments in by_key.values() for comment in comments]


def answered_comments_by_revision(user, decision: Decision) -> dict[int, list[Comment]]:
    """revision id → the comments (that this user may see) which that round answered."""
    answered: dict[int, list[Comment]] = {}
    for comment in visible_comments(user, decision).exclude(answered_in=None):
        answered.setdefault(comment.answered_in_id, []).append(comment)
    return answered
