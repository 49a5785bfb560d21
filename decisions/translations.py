"""Language versions of a decision: the round's paragraphs, by key, in another language.

A decision's version is translated paragraph by paragraph against the round it froze
(decisions.Revision): each paragraph keeps its key, so open points, comments and redlines
name the same paragraphs in every language, and the numbers are the portal's own. A
translation can be typed part by part or read from a file with the decision import
(.txt, .md, .docx): the file's paragraph tree must have the round's shape.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decisions.importing import DecisionTextError, decision_text_read, uploaded_text
from decisions.revisions import FrozenParagraph, frozen_paragraphs, snapshot
from publishing.models import PublishedVersion, TranslationPart

CLOSING = ":closing"


def frozen_paragraphs_of(decision, version: PublishedVersion) -> list[FrozenParagraph]:
    """The paragraphs `version` froze: its round's; the text as it stands for a version issued
    without a round (the adopted text, which is the last round's text)."""
    revision = getattr(version, "decision_revision", None)
    if revision is not None:
        return frozen_paragraphs(revision.paragraphs)
    return frozen_paragraphs(snapshot(list(decision.paragraphs.all())))


def translation_parts(decision, version: PublishedVersion) -> list[TranslationPart]:
    parts = [TranslationPart("title", _("Title"), decision.title, multiline=False)]
    if decision.heading:
        parts.append(TranslationPart("heading", _("Heading"), decision.heading, multiline=False))
    for paragraph in frozen_paragraphs_of(decision, version):
        parts.append(TranslationPart(paragraph.key, paragraph.full_number, paragraph.text))
        if paragraph.closing_text:
            label = _("%(number)s, closing text") % {"number": paragraph.full_number}
            parts.append(TranslationPart(paragraph.key + CLOSING, label, paragraph.closing_text))
    return parts


def translated_context(decision, version: PublishedVersion, texts: dict[str, str]) -> dict:
    paragraphs = frozen_paragraphs_of(decision, version)
    for paragraph in paragraphs:
        paragraph.text = texts.get(paragraph.key, paragraph.text)
        paragraph.closing_text = texts.get(paragraph.key + CLOSING, paragraph.closing_text)
    translated = copy.copy(decision)
    translated.translating_version = version  # its title block: the version's symbol and date
    translated.title = texts.get("title", decision.title)
    translated.heading = texts.get("heading", decision.heading)
    return {"decision": translated, "paragraphs": [p for p in paragraphs if p.parent_id is None]}


def texts_from_file(decision, version: PublishedVersion, *, name: str, content: bytes) -> dict[str, str]:
    """The paragraphs of an uploaded translation, by the keys of the round's paragraphs they
    stand for. The file must number its paragraphs as the round does; each difference is named."""
    try:
        imported = decision_text_read(uploaded_text(name=name, content=content))
    except DecisionTextError as error:
        raise ValidationError(error.problems) from None
    original = frozen_paragraphs_of(decision, version)
    roots = [p for p in original if p.parent_id is None]
    texts: dict[str, str] = {}
    problems: list[str] = []
    _match(roots, imported.paragraphs, texts, problems, where=None)
    if problems:
        raise ValidationError(problems)
    return texts


def _match(originals, imported, texts, problems, *, where) -> None:
    if len(originals) != len(imported):
        place = _("under %(number)s") % {"number": where.full_number} if where is not None else _("at the top level")
        problems.append(
            _("The file has %(found)d paragraphs %(place)s; the original has %(expected)d.")
            % {"found": len(imported), "place": place, "expected": len(originals)}
        )
        return
    for paragraph, translated in zip(originals, imported, strict=True):
        texts[paragraph.key] = translated.text
        if paragraph.closing_text:
            if not translated.closing_text:
                problems.append(
                    _("%(number)s has a closing text in the original, none in the file.")
                    % {"number": paragraph.full_number}
                )
            texts[paragraph.key + CLOSING] = translated.closing_text
        _match(paragraph.subparagraphs, translated.children, texts, problems, where=paragraph)
