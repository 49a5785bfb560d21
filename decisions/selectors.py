from ccm_portal.ordered_tree import children_by_parent
from decisions.models import Decision, Paragraph
from decisions.numbering import paragraph_numbers
from decisions.open_points import OpenPoint, find_open_points


def paragraph_tree(decision: Decision) -> list[Paragraph]:
    """The top-level paragraphs, in one query; each paragraph gets `.number` and `.subparagraphs`."""
    paragraphs = list(decision.paragraphs.all())
    numbers = paragraph_numbers(paragraphs)
    groups = children_by_parent(paragraphs)
    for paragraph in paragraphs:
        paragraph.number = numbers[paragraph.pk]
        paragraph.subparagraphs = groups.get(paragraph.pk, [])
    return groups.get(None, [])


def decision_open_points(paragraphs: list[Paragraph]) -> list[OpenPoint]:
    """The open points of these paragraphs (one decision's, saved or as edited), in reading order."""
    numbers = paragraph_numbers(paragraphs)
    groups = children_by_parent(paragraphs)
    found: list[OpenPoint] = []

    def visit(parent_pk, path):
        for paragraph in groups.get(parent_pk, []):
            label = " ".join([*path, numbers[paragraph.pk]])
            for text in (paragraph.text, paragraph.closing_text):
                found.extend(OpenPoint(label, kind, match) for kind, match in find_open_points(text))
            visit(paragraph.pk, [*path, numbers[paragraph.pk]])

    visit(None, [])
    return found
