from django.db.models import QuerySet

from ccm_portal.ordered_tree import children_by_parent
from ccm_portal.publishing.states import PublicationState
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Published decisions for everyone; every decision for secretariat staff."""
    decisions = Decision.objects.all()
    if not user.is_staff:
        decisions = decisions.filter(publication_state=PublicationState.PUBLIC)
    return decisions


def paragraph_tree(decision: Decision) -> list[Paragraph]:
    """The top-level paragraphs, in one query; each paragraph gets `.number` and `.subparagraphs`."""
    paragraphs = list(decision.paragraphs.all())
    numbers = paragraph_numbers(paragraphs)
    groups = children_by_parent(paragraphs)
    for paragraph in paragraphs:
        paragraph.number = numbers[paragraph.pk]
        paragraph.subparagraphs = groups.get(paragraph.pk, [])
    return groups.get(None, [])
