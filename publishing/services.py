"""The publishing workflow: circulate, publish, withdraw, and the PDF of a version.

Each step is one transaction that records a PublicationEvent; a step that
freezes a version asks for its PDF once the transaction has committed, so the
request never waits for WeasyPrint, and then tells the layers above
(publishing/signals.py: `version_circulated`, `version_published`; the e-mails
of notifications/ hang there).
"""

import datetime
import posixpath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from core.history import save_as
from core.rich_text import plain_text
from core.stored_files import PUBLIC_AREA
from publishing import page_cache
from publishing.generated import generated_pdf_move, generated_pdf_store
from publishing.models import Comment, PublicationEvent, PublicationState, Publishable, PublishedVersion
from publishing.rendering import render_document_html
from publishing.search import search_text_of, version_index
from publishing.signals import document_withdrawn, send_after_commit, version_circulated, version_published

State = PublicationState


def document_circulate(*, document: Publishable, by) -> PublishedVersion:
    """Freeze the current text as a draft for the Friends (signed-in readers only), marked DRAFT."""
    return _freeze(
        document=document,
        kind=PublishedVersion.Kind.CIRCULATED,
        to_state=State.CIRCULATED,
        by=by,
        allowed_from=document.CIRCULATED_FROM,
    )


def document_publish(*, document: Publishable, by) -> PublishedVersion:
    """Freeze the current text as the next public version; earlier versions become superseded."""
    return _freeze(document=document, kind=PublishedVersion.Kind.PUBLISHED, to_state=State.PUBLIC, by=by)


def document_withdraw(*, document: Publishable, by, reason: str) -> None:
    """Take a published document off the public site; its record and versions are kept."""
    if not reason.strip():
        raise ValidationError(gettext("Say why the document is withdrawn: the record of the step keeps it."))
    now = timezone.now()
    with transaction.atomic():
        _lock(document)
        if document.publication_state != State.PUBLIC:
            raise ValidationError(gettext("Only a published document can be withdrawn."))
        # Its circulated drafts and language versions too: a withdrawn text is read by nobody but staff in the admin.
        versions = PublishedVersion.in_all_languages.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        )
        versions.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        # Their public PDFs move to private names, the public copies deleted after the commit: a withdrawn
        # text is no longer readable at its public URL (shared caches keep it an hour at most).
        for version in versions.filter(pdf__startswith=PUBLIC_AREA):
            generated_pdf_move(record=version, to_name=version.private_pdf_path(posixpath.basename(version.pdf.name)))
        _move(document, to_state=State.WITHDRAWN, by=by, at=now, note=reason.strip())
        page_cache.invalidate_on_commit()
        send_after_commit(document_withdrawn, sender=type(document), document=document)


def version_render_pdf(*, version: PublishedVersion, force: bool = False) -> PublishedVersion:
    """Render the version's PDF once (publishing/generated.py); `force` renders it again anyway
    (after a change to the print stylesheet, which is not part of the source page)."""
    generated_pdf_store(record=version, force=force)
    return version


def _freeze(*, document: Publishable, kind: str, to_state: str, by, allowed_from=None) -> PublishedVersion:
    from publishing.tasks import render_version_pdf

    now = timezone.now()
    with transaction.atomic():
        _lock(document)
        if allowed_from is not None and document.publication_state not in allowed_from:
            raise ValidationError(
                gettext(
                    "Only an internal or circulated draft can be circulated; this one is "
                    "%(state)s. Publish a correction instead."
                )
                % {"state": document.get_publication_state_display().lower()}
            )
        document.full_clean()
        html = render_document_html(document)  # in the document's original language
        siblings = document.versions.filter(kind=kind)
        number = (siblings.aggregate(last=Max("number"))["last"] or 0) + 1
        # Versions withdrawn earlier stay withdrawn: publishing a correction never brings their text back.
        siblings.filter(superseded_at__isnull=True).update(superseded_at=now)
        version = PublishedVersion(
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            kind=kind,
            number=number,
            title=str(document),
            reference=document.reference,
            symbol=document.symbol,
            marked_draft=kind == PublishedVersion.Kind.CIRCULATED or not document.is_final_text,
            document_date=document.document_date,
            date_label=document.document_date_label,
            status_note=document.version_status_note,
            language=document.original_language,
            html=html,
            search_text=search_text_of(html),
            created_at=now,
            created_by=by,
        )
        version.full_clean()
        version.save()
        version_index(version)
        comments_answer(document=document, version=version)
        event = _move(document, to_state=to_state, by=by, at=now, version=version)
        page_cache.invalidate_on_commit()
        transaction.on_commit(lambda: render_version_pdf.enqueue(version.pk))
        # After the PDF's task: an e-mail that links the PDF finds it queued (or, immediate, rendered).
        signal = version_circulated if kind == PublishedVersion.Kind.CIRCULATED else version_published
        send_after_commit(signal, sender=type(document), version=version, event=event)
    return version


def circulation_deadline_set(*, document: Publishable, deadline: datetime.date | None) -> PublicationEvent:
    """Record the deadline for comments on the document's latest circulation step.

    Called in the circulation's own transaction (publishing/admin.py wraps both), so the
    `version_circulated` signal, sent after the commit, carries the deadline.
    """
    with transaction.atomic():
        event = (
            PublicationEvent.objects.select_for_update()
            .filter(
                content_type=ContentType.objects.get_for_model(document),
                object_id=document.pk,
                to_state=State.CIRCULATED,
            )
            .order_by("-at", "-pk")
            .first()
        )
        if event is None:
            raise ValidationError(
                gettext("This document has not been circulated: there is no step to set a deadline on.")
            )
        if deadline is not None and deadline < timezone.localdate(event.at):
            raise ValidationError(
                {"comments_deadline": gettext("The deadline for comments cannot be before the day of circulation.")}
            )
        event.comments_deadline = deadline
        event.full_clean()
        event.save(update_fields=["comments_deadline"])
    return event


def _lock(document: Publishable) -> None:
    """Serialise workflow steps on one document, and read its state fresh."""
    fresh = type(document).objects.select_for_update().get(pk=document.pk)
    document.publication_state = fresh.publication_state


def _move(document: Publishable, *, to_state: str, by, at, version=None, note="") -> PublicationEvent:
    event = PublicationEvent.objects.create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        from_state=document.publication_state,
        to_state=to_state,
        at=at,
        by=by,
        version=version,
        note=note,
    )
    document.publication_state = to_state
    type(document).objects.filter(pk=document.pk).update(publication_state=to_state)
    return event


# ---------------------------------------------------------------- comments


def comment_add(
    *, document: Publishable, target_key: str, text: str, proposed_wording: str = "", by, version=None
) -> Comment:
    """A comment on one part of the version now open for comments (`version`, if given, must be it).

    Who may comment is the caller's to check (the access layer): publishing is told, it never asks.
    """
    with transaction.atomic():
        document = type(document).objects.select_for_update().get(pk=document.pk)
        current = document.comment_version()
        if not document.comments_open or current is None:
            raise ValidationError(document.comments_closed_message)
        if version is not None and version.pk != current.pk:
            raise ValidationError(
                gettext(
                    "Comments now go to %(current)s, not %(version)s. Reload the page and comment on the current text."
                )
                % {"current": document.version_label(current), "version": document.version_label(version)}
            )
        target = next((t for t in document.comment_targets(current) if t.key == str(target_key)), None)
        if target is None:
            raise ValidationError(
                gettext(
                    "That %(noun)s is not in %(current)s, the text now "
                    "open for comments. Reload the page and comment on the current text."
                )
                % {"noun": document.comment_target_noun, "current": document.version_label(current)}
            )
        comment = Comment(
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            version=current,
            target_key=target.key,
            target_label=target.label[:200],
            target_order=target.order,
            author=by,
            text=plain_text(text),
            proposed_wording=plain_text(proposed_wording),
        )
        if not comment.text:
            raise ValidationError({"text": gettext("Write a comment: only markup was left once it was removed.")})

        comment.full_clean()
        save_as(comment, by=by)
    return comment


def comments_answer(*, document: Publishable, version: PublishedVersion) -> int:
    """The comments triaged (taken up or not) since the last version are answered by `version`."""
    return (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk, answered_in__isnull=True
        )
        .exclude(status=Comment.Status.NEW)
        .update(answered_in=version)
    )
