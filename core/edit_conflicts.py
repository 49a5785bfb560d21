"""No lost updates: a save is checked against the revision the editor started from.

Every save of a model with django-simple-history writes a history record, whoever
makes it (a workspace form, the admin, a restore), so the newest history record's
id is the object's revision number. An edit form carries the revision it was
opened at; the service locks the row and, if a later revision changed any field
the form edits, refuses the save and says what changed. Changes to other fields
(say, staff reordering groups) do not block the editor.
"""

import datetime
import difflib
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext


@dataclass(frozen=True)
class ChangedField:
    name: str
    label: str
    started_from: str
    now: str

    def diff(self) -> str:
        """A line diff from the text the editor started from to the text saved since."""
        lines = difflib.unified_diff(
            self.started_from.splitlines(),
            self.now.splitlines(),
            fromfile=gettext("when you started"),
            tofile=gettext("saved since"),
            lineterm="",
        )
        return "\n".join(lines)


class EditConflict(Exception):
    """Someone saved the same fields after the editor opened the form."""

    def __init__(self, *, changes: list[ChangedField], revision: int, changed_by: str, changed_at: datetime.datetime):
        self.changes = changes
        self.revision = revision
        self.changed_by = changed_by
        self.changed_at = changed_at
        labels = ", ".join(change.label for change in changes)
        super().__init__(
            gettext("%(person)s changed %(fields)s while you were editing.") % {"person": changed_by, "fields": labels}
        )


class RevisionField(forms.IntegerField):
    """The revision a form was opened at, carried in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)


def current_revision(instance: models.Model) -> int:
    if instance.pk is None:
        return 0
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def check_unchanged_since(instance: models.Model, *, revision: int, fields: list[str]) -> None:
    """Raise EditConflict if a revision after `revision` changed any of `fields`.

    Call it inside the saving transaction, on a row fetched with select_for_update(),
    so no other save can slip in between the check and the save.
    """
    latest = instance.history.order_by("-history_id").select_related("history_user").first()
    if latest is None or latest.history_id == revision:
        return
    # A revision that is not this object's (a stale or forged form) counts as "changed everything".
    started_from = instance.history.filter(history_id=revision).first()
    changes = [
        ChangedField(
            name=name,
            label=str(instance._meta.get_field(name).verbose_name).capitalize(),
            started_from=str(getattr(started_from, name, "") or "") if started_from else "",
            now=str(getattr(latest, name) or ""),
        )
        for name in fields
        if started_from is None or getattr(started_from, name) != getattr(latest, name)
    ]
    if changes:
        raise EditConflict(
            changes=changes,
            revision=latest.history_id,
            changed_by=_name_of(latest.history_user),
            changed_at=latest.history_date,
        )


def _name_of(user) -> str:
    if user is None:
        return gettext("Someone")

    person = getattr(user, "person", None)
    return str(person) if person else user.get_username()
