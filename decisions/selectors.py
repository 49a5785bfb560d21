from django.db.models import QuerySet

from ccm_portal.publishing.states import PublicationState
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers
from ccm_portal.ordered_tree import walk_depth_first


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Published decisions for everyone; every decision for secretariat staff."""
    decisions = Decision.objects.all()
    if not user.is_staff:
        decisions = decisions.filter(publication_state=PublicationState.PUBLIC)
    return decisions


def numbered_paragraphs(decision: Decision) -> list[tuple[Paragraph, int]]:
    """The decision's paragraphs in reading order with their depth; each gets `.number`."""
    paragraphs = list(decision.paragraphs.all())
    numbers = paragraph_numbers(paragraphs)
    for paragraph in paragraphs:
        paragraph.number = numbers[paragraph.pk]
    return walk_depth_first(paragraphs)
