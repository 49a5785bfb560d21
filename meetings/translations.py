"""Language versions of minutes and agendas: the version's text, part by part, in another language.

Parts are keyed as the comment targets and comparisons key them (a section's key, "summary",
"action-point-<pk>", "item-<pk>"), so a French version is the English version's structure with
French words. Minutes are translated as their version froze them (MinutesRevision: summary and
sections); action points and agenda items as the version showed them (marked in its HTML).
"""

import copy

from django.utils.translation import gettext as _

from publishing.comments import keys_in_version
from publishing.models import PublishedVersion, TranslationPart


def _meeting_parts(meeting) -> list[TranslationPart]:
    parts = [TranslationPart("meeting-title", _("Meeting title"), meeting.title, multiline=False)]
    # Words staff typed (tentative dates, notes) are text to translate; dates themselves are written
    # in each language by the portal.
    if meeting.dates_note:
        parts.append(TranslationPart("meeting-dates", _("Meeting dates (as announced)"), meeting.dates_note, False))
    if meeting.notes:
        parts.append(TranslationPart("meeting-notes", _("Meeting notes"), meeting.notes, multiline=False))
    return parts


def _agenda_parts(items, shown: set[str]) -> list[TranslationPart]:
    parts = []
    for item in _walk(items):
        if f"item-{item.pk}" not in shown:
            continue
        name = f"{item.number}." if getattr(item, "number", None) else _("Sub-item “%(title)s”") % {"title": item.title}
        parts.append(TranslationPart(f"item-{item.pk}:title", name, item.title, multiline=False))
        if item.description:
            label = _("%(item)s description") % {"item": name}
            parts.append(TranslationPart(f"item-{item.pk}:description", label, item.description, multiline=False))
        if item.lead_wording:
            label = _("%(item)s lead") % {"item": name}
            parts.append(TranslationPart(f"item-{item.pk}:lead", label, item.lead_wording, multiline=False))
    return parts


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "subitems", []))


def _translated_items(items, texts: dict[str, str]):
    translated = []
    for item in items:
        copied = copy.copy(item)
        copied.title = texts.get(f"item-{item.pk}:title", item.title)
        copied.description = texts.get(f"item-{item.pk}:description", item.description)
        copied.lead_wording = texts.get(f"item-{item.pk}:lead", item.lead_wording)
        copied.subitems = _translated_items(getattr(item, "subitems", []), texts)
        translated.append(copied)
    return translated


def _translated_meeting(meeting, texts: dict[str, str]):
    copied = copy.copy(meeting)
    copied.title = texts.get("meeting-title", meeting.title)
    copied.dates_note = texts.get("meeting-dates", meeting.dates_note)
    copied.notes = texts.get("meeting-notes", meeting.notes)
    return copied


# ---------------------------------------------------------------- minutes


def _minutes_text(minutes, version: PublishedVersion) -> tuple[str, list[dict]]:
    revision = getattr(version, "minutes_revision", None)
    if revision is not None:
        return revision.summary, revision.sections
    return minutes.summary, [{"key": str(s.key), "heading": s.heading, "body": s.body} for s in minutes.sections.all()]


def _shown_action_points(minutes, version: PublishedVersion):
    shown = keys_in_version(version.html)
    return [point for point in minutes.meeting.action_points.all() if f"action-point-{point.pk}" in shown]


def minutes_translation_parts(minutes, version: PublishedVersion) -> list[TranslationPart]:
    from meetings.selectors import agenda_tree

    summary, sections = _minutes_text(minutes, version)
    parts = [
        TranslationPart("title", _("Title"), minutes.title, multiline=False),
        *_meeting_parts(minutes.meeting),
    ]
    if summary:
        parts.append(TranslationPart("summary", _("Summary"), summary))
    for section in sections:
        heading = section["heading"]
        parts.append(
            TranslationPart(
                f"{section['key']}:heading", _("Section “%(heading)s”: heading") % {"heading": heading}, heading, False
            )
        )
        if section["body"]:
            parts.append(
                TranslationPart(
                    section["key"], _("Section “%(heading)s”: text") % {"heading": heading}, section["body"]
                )
            )
    agenda = getattr(minutes.meeting, "agenda", None)
    if agenda is not None and "item-" in version.html:  # the annexed agenda is headed by its title
        parts.append(TranslationPart("agenda-title", _("Annexed agenda: title"), agenda.title, multiline=False))
    for number, point in enumerate(_shown_action_points(minutes, version), start=1):
        parts.append(
            TranslationPart(f"action-point-{point.pk}", _("Action point %(number)d") % {"number": number}, point.text)
        )
    return [*parts, *_agenda_parts(agenda_tree(minutes.meeting), keys_in_version(version.html))]


def minutes_translated_context(minutes, version: PublishedVersion, texts: dict[str, str]) -> dict:
    from meetings.selectors import agenda_tree

    summary, sections = _minutes_text(minutes, version)
    translated = copy.copy(minutes)
    translated.translating_version = version  # its title block: the version's symbol and date
    translated.translated_date_label = texts.get("meeting-dates", "") if version.date_label else ""
    translated.title = texts.get("title", minutes.title)
    translated.summary = texts.get("summary", summary)
    meeting = _translated_meeting(minutes.meeting, texts)
    points = []
    for point in _shown_action_points(minutes, version):
        copied = copy.copy(point)
        copied.text = texts.get(f"action-point-{point.pk}", point.text)
        points.append(copied)
    agenda = getattr(minutes.meeting, "agenda", None)
    return {
        "minutes": translated,
        "meeting": meeting,
        "sections": [
            {
                "key": section["key"],
                "heading": texts.get(f"{section['key']}:heading", section["heading"]),
                "body": texts.get(section["key"], section["body"]),
            }
            for section in sections
        ],
        "action_points": points,
        "agenda": _translated_items(agenda_tree(minutes.meeting), texts),
        "agenda_title": texts.get("agenda-title", agenda.title) if agenda else _("Agenda"),
    }


# ---------------------------------------------------------------- agendas


def agenda_translation_parts(agenda, version: PublishedVersion) -> list[TranslationPart]:
    from meetings.selectors import agenda_tree

    return [
        TranslationPart("title", _("Title"), agenda.title, multiline=False),
        *_meeting_parts(agenda.meeting),
        *_agenda_parts(agenda_tree(agenda.meeting), keys_in_version(version.html)),
    ]


def agenda_translated_context(agenda, version: PublishedVersion, texts: dict[str, str]) -> dict:
    from meetings.selectors import agenda_tree

    translated = copy.copy(agenda)
    translated.translating_version = version  # its title block: the version's symbol and date
    translated.translated_date_label = texts.get("meeting-dates", "") if version.date_label else ""
    translated.title = texts.get("title", agenda.title)
    return {
        "agenda_document": translated,
        "meeting": _translated_meeting(agenda.meeting, texts),
        "agenda": _translated_items(agenda_tree(agenda.meeting), texts),
    }
