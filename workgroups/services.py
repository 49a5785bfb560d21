"""Writes to group pages: the workspace forms and the staff history page call these."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from core.dates import long_date
from core.edit_conflicts import check_unchanged_since
from core.history import delete_as, save_as
from publishing import page_cache
from workgroups.models import GroupDocument, GroupPageTranslation, GroupUpdate, WorkingGroup


def _validated_save(instance, *, by, reason: str = "") -> None:
    instance.full_clean()
    save_as(instance, by=by, reason=reason)


@transaction.atomic
def group_page_update(*, group: WorkingGroup, revision: int, changes: dict[str, str], by) -> WorkingGroup:
    """Save the page fields a coordinator edited, unless someone changed them since `revision`."""
    unknown = set(changes) - set(WorkingGroup.PAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not page fields: {', '.join(sorted(unknown))}")
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    check_unchanged_since(locked, revision=revision, fields=list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    _validated_save(locked, by=by)
    page_cache.invalidate_on_commit()  # the group's page text is in the API (its pages are not stored)
    return locked


@transaction.atomic
def group_page_translation_save(
    *, group: WorkingGroup, language: str, revision: int, changes: dict[str, str], by, english_revision: int = 0
) -> GroupPageTranslation:
    """Save the group's page in `language` (French, Spanish), unless someone changed it since
    `revision` (0: the editor started a new one); it is recorded as a translation of the English
    page as it was at `english_revision` (the one the translator had beside the form), so an English
    change made meanwhile leaves it outdated."""
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)  # serialises the first save per language
    translation = GroupPageTranslation.objects.filter(group=locked, language=language).first()
    if translation is None:
        translation = GroupPageTranslation(group=locked, language=language)
    else:
        check_unchanged_since(translation, revision=revision, fields=GroupPageTranslation.TRANSLATED_FIELDS)
    for name in GroupPageTranslation.TRANSLATED_FIELDS:
        setattr(translation, name, changes[name])
    seen = locked.history.filter(history_id=english_revision).first() or locked
    translation.translated_from = {name: getattr(seen, name) for name in GroupPageTranslation.TRANSLATED_FIELDS}
    _validated_save(translation, by=by)
    return translation


@transaction.atomic
def group_page_restore(*, group: WorkingGroup, history_id: int, by) -> WorkingGroup:
    """Put back the page text of an earlier revision, as a new revision (nothing is lost)."""
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    earlier = locked.history.filter(history_id=history_id).first()
    if earlier is None:
        raise ValidationError(gettext("That revision does not belong to this group's page."))
    for name in WorkingGroup.PAGE_FIELDS:
        setattr(locked, name, getattr(earlier, name))
    _validated_save(
        locked, by=by, reason=f"Restored the revision of {long_date(earlier.history_date)} {earlier.history_date:%H:%M}"
    )
    page_cache.invalidate_on_commit()
    return locked


@transaction.atomic
def group_update_create(*, group: WorkingGroup, title: str, body: str, by) -> GroupUpdate:
    update = GroupUpdate(group=group, title=title, body=body, author=by)
    _validated_save(update, by=by)
    return update


@transaction.atomic
def group_update_edit(*, update: GroupUpdate, revision: int, title: str, body: str, by) -> GroupUpdate:
    """Save an edited news item, unless someone changed it since `revision`."""
    locked = GroupUpdate.objects.select_for_update().get(pk=update.pk)
    check_unchanged_since(locked, revision=revision, fields=GroupUpdate.EDITABLE_FIELDS)
    locked.title, locked.body = title, body
    _validated_save(locked, by=by)
    return locked


@transaction.atomic
def group_update_delete(*, update: GroupUpdate, by) -> None:
    delete_as(update, by=by)


@transaction.atomic
def group_document_add(*, group: WorkingGroup, title: str, file: UploadedFile, by) -> GroupDocument:
    document = GroupDocument(group=group, title=title, file=file, uploaded_by=by)
    # full_clean() runs the content check (uploads.validate_document_file) before anything is stored.
    _validated_save(document, by=by)
    return document


@transaction.atomic
def group_document_delete(*, document: GroupDocument, by) -> None:
    """Remove the document from the page; the file stays in storage, so history can still name it."""
    delete_as(document, by=by)
