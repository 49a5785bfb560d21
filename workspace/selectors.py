"""What "My groups" shows: the groups' open action points and the latest changes to their pages."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext, pgettext

from meetings.models import ActionPoint
from workgroups.models import GroupDocument, GroupUpdate, WorkingGroup


def open_action_points(groups: list[WorkingGroup]) -> QuerySet[ActionPoint]:
    """The groups' open action points, soonest due first, each with its group and meeting."""
    return (
        ActionPoint.objects.filter(group__in=groups, status=ActionPoint.Status.OPEN)
        .select_related("group", "meeting")
        .order_by("due_date", "meeting__start_date", "position")
    )


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str
    group: WorkingGroup
    kind: str  # "created", "changed" or "deleted"


def recent_changes(groups: list[WorkingGroup], limit: int = 15) -> list[Change]:
    """The latest edits to these groups' pages, updates, documents and action points: one query each."""
    by_id = {group.pk: group for group in groups}
    # "{who} {kind} {what} of {group}" (templates/workspace/workspace.html): "Marie a modifié la page de …".
    kinds = {
        "+": pgettext("someone … the page", "created"),
        "~": pgettext("someone … the page", "changed"),
        "-": pgettext("someone … the page", "deleted"),
    }
    sources = [
        (WorkingGroup.history.filter(id__in=by_id), "id", lambda entry: gettext("the page")),
        (
            GroupUpdate.history.filter(group_id__in=by_id),
            "group_id",
            lambda entry: gettext("update “%(title)s”") % {"title": entry.title},
        ),
        (
            GroupDocument.history.filter(group_id__in=by_id),
            "group_id",
            lambda entry: gettext("document “%(title)s”") % {"title": entry.title},
        ),
        (
            ActionPoint.history.filter(group_id__in=by_id),
            "group_id",
            lambda entry: gettext("action point “%(text)s”") % {"text": ActionPoint.__str__(entry)},
        ),
    ]
    changes = []
    for entries, group_field, describe in sources:
        for entry in entries.select_related("history_user__person").order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=entry.history_date,
                    who=_user_label(entry.history_user),
                    what=describe(entry),
                    group=by_id[getattr(entry, group_field)],
                    kind=kinds[entry.history_type],
                )
            )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def _user_label(user) -> str:
    if user is None:
        return gettext("the secretariat")

    person = getattr(user, "person", None)
    return person.name if person else user.get_username()
