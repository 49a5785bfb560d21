"""Drafting a decision: arranging its paragraphs, issuing revisions for consultation,
taking comments, adopting it.

An adopted decision's text is frozen: every write here refuses to touch it.
"""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.dates import long_date
from core.history import delete_as, save_as
from core.ordered_tree import walk_depth_first
from core.symbols import parse_symbol
from decisions.importing import ImportedDecision
from decisions.models import Decision, Paragraph, RedlinePdf, Revision
from decisions.open_points import validate_nothing_open
from decisions.revisions import snapshot
from decisions.tasks import render_redline_pdf
from meetings.models import Meeting
from publishing.models import PublicationState
from publishing.services import document_circulate, document_publish

# ---------------------------------------------------------------- the frozen text


def refuse_if_adopted(decision: Decision) -> None:
    if decision.is_adopted:
        raise ValidationError(
            gettext("This decision was adopted on %(date)s: its text is frozen. A later change needs a new decision.")
            % {"date": long_date(decision.adopted_on)}
        )


def _locked(decision: Decision) -> Decision:
    """The decision's row, locked for the rest of the transaction, with its current status."""
    fresh = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.status, decision.symbol = fresh.status, fresh.symbol
    decision.adopted_on, decision.adopted_at_meeting_id = fresh.adopted_on, fresh.adopted_at_meeting_id
    decision.publication_state = fresh.publication_state
    return decision


# ---------------------------------------------------------------- arranging paragraphs


def _siblings(paragraph: Paragraph) -> list[Paragraph]:
    return list(Paragraph.objects.filter(decision_id=paragraph.decision_id, parent_id=paragraph.parent_id))


def _renumber(siblings: list[Paragraph], *, by) -> None:
    """Positions 1, 2, 3... in the given order, saving only rows that change."""
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            save_as(sibling, by=by, update_fields=["position"])


def _subtree_height(paragraph: Paragraph) -> int:
    """1 for a paragraph without sub-paragraphs, 2 with, 3 with sub-sub-paragraphs."""
    children = list(Paragraph.objects.filter(parent=paragraph))
    return 1 + max((_subtree_height(child) for child in children), default=0)


def _depth(paragraph: Paragraph) -> int:
    depth, ancestor = 1, paragraph.parent
    while ancestor is not None:
        depth, ancestor = depth + 1, ancestor.parent
    return depth


def paragraph_move(*, paragraph: Paragraph, up: bool, by) -> Paragraph:
    """Swap the paragraph with its previous (up) or next sibling; its sub-paragraphs go with it."""
    with transaction.atomic():
        refuse_if_adopted(_locked(paragraph.decision))
        siblings = _siblings(paragraph)
        index = [s.pk for s in siblings].index(paragraph.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            if up:
                raise ValidationError(gettext("This paragraph is already the first at its level."))
            raise ValidationError(gettext("This paragraph is already the last at its level."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings, by=by)
    return paragraph


def _too_deep() -> str:
    return ngettext(
        "Paragraphs can be nested at most %(depth)d level deep.",
        "Paragraphs can be nested at most %(depth)d levels deep.",
        Paragraph.max_depth,
    ) % {"depth": Paragraph.max_depth}


def paragraph_indent(*, paragraph: Paragraph, by) -> Paragraph:
    """Make the paragraph the last sub-paragraph of the one before it (2. c) → 2. b) iv))."""
    with transaction.atomic():
        refuse_if_adopted(_locked(paragraph.decision))
        siblings = _siblings(paragraph)
        index = [s.pk for s in siblings].index(paragraph.pk)
        if index == 0:
            raise ValidationError(gettext("The first paragraph at its level has no paragraph above it to go under."))
        new_parent = siblings[index - 1]
        if _depth(new_parent) + _subtree_height(paragraph) > Paragraph.max_depth:
            raise ValidationError(_too_deep())
        last = Paragraph.objects.filter(parent=new_parent).aggregate(last=Max("position"))["last"] or 0
        paragraph.parent, paragraph.position = new_parent, last + 1
        save_as(paragraph, by=by, update_fields=["parent", "position"])
        _renumber(siblings[:index] + siblings[index + 1 :], by=by)
    return paragraph


def paragraph_outdent(*, paragraph: Paragraph, by) -> Paragraph:
    """Lift the paragraph to its parent's level, right after the parent.

    The siblings that followed it become its sub-paragraphs, so the reading order stays the same.
    """
    with transaction.atomic():
        refuse_if_adopted(_locked(paragraph.decision))
        parent = paragraph.parent
        if parent is None:
            raise ValidationError(gettext("A top-level paragraph cannot move further out."))
        siblings = _siblings(paragraph)
        index = [s.pk for s in siblings].index(paragraph.pk)
        followers = siblings[index + 1 :]
        if followers and _depth(paragraph) + max(_subtree_height(f) for f in followers) > Paragraph.max_depth:
            raise ValidationError(_too_deep())
        own_children = list(Paragraph.objects.filter(parent=paragraph))
        _renumber(own_children, by=by)
        for position, follower in enumerate(followers, start=len(own_children) + 1):
            follower.parent, follower.position = paragraph, position
            save_as(follower, by=by, update_fields=["parent", "position"])
        outer = _siblings(parent)
        index = [s.pk for s in outer].index(parent.pk) + 1
        outer.insert(index, paragraph)
        paragraph.parent, paragraph.position = parent.parent, index + 1
        save_as(paragraph, by=by, update_fields=["parent", "position"])
        _renumber(outer, by=by)
    return paragraph


def paragraph_insert(
    *, decision: Decision, text: str, by, after: Paragraph | None = None, inside: Paragraph | None = None
) -> Paragraph:
    """A new paragraph right after `after`, else as the last sub-paragraph of `inside`, else at the end."""
    with transaction.atomic():
        refuse_if_adopted(_locked(decision))
        parent = after.parent if after else inside
        paragraph = Paragraph(decision=decision, parent=parent, text=text)
        paragraph.full_clean(exclude=["position"])
        siblings = list(Paragraph.objects.filter(decision=decision, parent=parent))
        index = [s.pk for s in siblings].index(after.pk) + 1 if after else len(siblings)
        paragraph.position = index + 1
        save_as(paragraph, by=by)
        siblings.insert(index, paragraph)
        _renumber(siblings, by=by)
    return paragraph


def decision_paragraphs_replace(*, decision: Decision, imported: ImportedDecision, by) -> list[Paragraph]:
    """Replace the decision's paragraphs with an imported tree (the previous ones stay in the history)."""
    with transaction.atomic():
        refuse_if_adopted(_locked(decision))
        # Children first: each deletion is recorded in the history with who made it.
        for paragraph, _depth in reversed(walk_depth_first(list(decision.paragraphs.all()))):
            delete_as(paragraph, by=by)
        created: dict[int, Paragraph] = {}
        for source, parent, position in imported.walk():
            paragraph = Paragraph(
                decision=decision,
                parent=created[id(parent)] if parent else None,
                position=position,
                text=source.text,
                closing_text=source.closing_text,
                list_style=source.list_style,
                continues_numbering=source.continues_numbering,
            )
            paragraph.full_clean()
            save_as(paragraph, by=by, reason="Imported from text")
            created[id(source)] = paragraph
    return list(created.values())


# ---------------------------------------------------------------- revisions


def revision_symbol(symbol: str, number: int) -> str:
    """CCM/MSP/2011/WP.3 with revision 2 → CCM/MSP/2011/WP.3/Rev.2 (an /Amend. suffix is kept)."""
    if not symbol:
        return ""
    parsed = parse_symbol(symbol)
    revision = f"/Rev.{number}" if number else ""
    amendment = f"/Amend.{parsed.amendment}" if parsed.amendment else ""
    return f"{parsed.base}{revision}{amendment}"


def decision_revision_issue(*, decision: Decision, by, publish: bool = False) -> Revision:
    """Send the current text out as the next round: revision 0 first, then /Rev.1, /Rev.2...

    The round is circulated to the Friends, or published if `publish` or if the
    draft is public already. Comments taken up or not since the last round are
    answered by this one.
    """
    with transaction.atomic():
        decision = _locked(decision)
        refuse_if_adopted(decision)
        if decision.status == Decision.Status.WITHDRAWN:
            raise ValidationError(gettext("This decision was withdrawn; it does not go out for consultation again."))
        last = decision.revisions.order_by("-number").first()
        number = last.number + 1 if last else decision.revision_number
        decision.symbol = revision_symbol(decision.symbol, number)
        decision.status = Decision.Status.UNDER_CONSULTATION
        save_as(decision, by=by, reason=f"Revision {number} issued", update_fields=["symbol", "status"])
        if publish or decision.publication_state == PublicationState.PUBLIC:
            version = document_publish(document=decision, by=by)
        else:
            version = document_circulate(document=decision, by=by)
        return _round_record(decision=decision, number=number, version=version, by=by)


def _round_record(*, decision: Decision, number: int, version, by) -> Revision:
    """Freeze the paragraph tree as the round that went out as `version` (which answers the comments
    triaged since the last round: publishing.services.comments_answer); its redlines against every earlier round are queued."""
    revision = Revision.objects.create(
        decision=decision,
        number=number,
        symbol=decision.symbol,
        paragraphs=snapshot(list(decision.paragraphs.all())),
        version=version,
        created_at=version.created_at,
        created_by=by,
    )
    # The redline PDF of every earlier round against this one, rendered after the commit: any pair a
    # reader picks is ready without a GET ever rendering one.
    for older in decision.revisions.filter(number__lt=number):
        RedlinePdf.objects.get_or_create(older=older, newer=revision)  # "being prepared" until the task has run
        transaction.on_commit(functools.partial(render_redline_pdf.enqueue, older.pk, revision.pk))
    return revision


# ---------------------------------------------------------------- adoption


def decision_adopt(
    *, decision: Decision, meeting: Meeting, adopted_on: datetime.date, symbol: str, title: str = "", by
) -> Revision:
    """Record the adoption and publish the adopted text as the record: under its final symbol and title
    (no longer a draft), with the meeting and date of adoption, as the last round of the revisions.

    From then on the text is frozen. Returns the adopted text's revision.
    """
    with transaction.atomic():
        decision = _locked(decision)
        refuse_if_adopted(decision)
        if decision.status == Decision.Status.WITHDRAWN:
            raise ValidationError(gettext("A withdrawn decision cannot be adopted."))
        if adopted_on > timezone.localdate():
            raise ValidationError({"adopted_on": gettext("The date of adoption cannot be in the future.")})
        if not symbol.strip():
            raise ValidationError({"symbol": gettext("Give the symbol the adopted text is issued under.")})
        validate_nothing_open(list(decision.paragraphs.all()))
        last = decision.revisions.order_by("-number").first()
        decision.status = Decision.Status.ADOPTED
        decision.adopted_at_meeting, decision.adopted_on = meeting, adopted_on
        decision.symbol = symbol.strip()
        decision.title = title.strip() or decision.title
        decision.heading = ""  # "Draft decisions and recommendations for consultations" no longer applies
        decision.full_clean()
        save_as(
            decision,
            by=by,
            reason="Adopted",
            update_fields=["status", "adopted_at_meeting", "adopted_on", "symbol", "title", "heading"],
        )
        version = document_publish(document=decision, by=by)
        return _round_record(decision=decision, number=last.number + 1 if last else 0, version=version, by=by)
