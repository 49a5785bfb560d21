from ccm_portal.ordered_tree import children_by_parent
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers


def paragraph_tree(decision: Decision) -> list[Paragraph]:
    """The top-level paragraphs, in one query; each paragraph gets `.number` and `.subparagraphs`."""
    paragraphs = list(decision.paragraphs.all())
    numbers = paragraph_numbers(paragraphs)
    groups = children_by_parent(paragraphs)
    for paragraph in paragraphs:
        paragraph.number = numbers[paragraph.pk]
        paragraph.subparagraphs = groups.get(paragraph.pk, [])
    return groups.get(None, [])
