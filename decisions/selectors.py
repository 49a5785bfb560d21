from django.db.models import QuerySet
from django.http import Http404

from core.ordered_tree import children_by_parent
from decisions.models import Decision, Paragraph, Revision
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


def readable_rounds(user) -> QuerySet[Revision]:
    """The rounds of every decision this user may read: those whose version they may read.

    A withdrawn decision's rounds stay readable by staff only.
    """
    versions = readable_versions(reads_circulated=may_read_circulated(user))
    if not user.is_staff:
        versions = versions.filter(withdrawn_at__isnull=True)
    return Revision.objects.filter(version__in=versions)


def readable_revisions(user, decision: Decision) -> QuerySet[Revision]:
    """The rounds of a decision this user may read (readable_rounds), oldest first."""
    return readable_rounds(user).filter(decision=decision).select_related("version").order_by("number")


def decision_for_akn(slug: str) -> Decision:
    """The decision with what its Akoma Ntoso XML names: the meeting it is for, the meeting that adopted it."""
    try:
        return Decision.objects.select_related("meeting", "adopted_at_meeting").get(slug=slug)
    except Decision.DoesNotExist:
        raise Http404("No decision here.") from None


def rounds_with_versions(decision: Decision) -> list[Revision]:
    """Every round of the decision, oldest first, each with its version (without its texts): one query."""
    rounds = (
        decision.revisions.select_related("version")
        .defer("version__html", "version__search_text", "version__translated_texts", "version__source_texts")
        .order_by("number")
    )
    return list(rounds)
