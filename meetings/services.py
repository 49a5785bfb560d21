import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from core.history import save_as
from meetings.minutes_compare import minutes_snapshot
from meetings.models import ActionPoint, AgendaItem, Meeting, Minutes, MinutesComparePdf, MinutesRevision
from meetings.tasks import render_minutes_compare_pdf
from publishing import page_cache
from publishing.models import PublishedVersion
from publishing.services import document_circulate, document_publish
from workgroups.models import WorkingGroup

REVIEW_TITLE = "Review of action points"


def meeting_add_action_point_review(*, meeting: Meeting) -> tuple[AgendaItem, int]:
    """Carry forward: put the open action points of earlier meetings of the same kind on this meeting's agenda.

    One agenda item "Review of action points" with a sub-item per open point;
    each point records that this meeting reviews it. Running it again adds only
    points raised since. Returns the item and how many points were added.
    """
    with transaction.atomic():
        open_points = list(
            ActionPoint.objects.filter(
                status=ActionPoint.Status.OPEN,
                meeting__kind=meeting.kind,
                meeting__start_date__lt=meeting.start_date,
            )
            .exclude(reviewed_at=meeting)
            .select_related("meeting")
            .order_by("meeting__start_date", "position", "pk")
        )
        review = meeting.agenda_items.filter(parent=None, title=REVIEW_TITLE).first()
        if not open_points:
            if review is None:
                raise ValidationError(
                    gettext("No open action points from earlier meetings of this kind (%(kind)s) to review.")
                    % {"kind": meeting.get_kind_display()}
                )

            return review, 0
        if review is None:
            last = meeting.agenda_items.filter(parent=None).aggregate(last=Max("position"))["last"] or 0
            review = AgendaItem(meeting=meeting, position=last + 1, title=REVIEW_TITLE)
            review.full_clean()
            review.save()
        first = (review.children.aggregate(last=Max("position"))["last"] or 0) + 1
        for position, point in enumerate(open_points, start=first):
            item = AgendaItem(
                meeting=meeting,
                parent=review,
                position=position,
                title=f"{point.owner or 'Action point'}, from {point.meeting.title} ({point.meeting.dates_label})"[
                    :300
                ],
                description=point.text,
            )
            item.full_clean()
            item.save()
        meeting.reviewed_action_points.add(*open_points)
        page_cache.invalidate_on_commit()  # the points' reviews show in the API
    return review, len(open_points)


@transaction.atomic
def action_points_set_status(*, group: WorkingGroup, statuses: dict[int, str], by) -> list[ActionPoint]:
    """Set the status of the group's action points; ids of other groups' points are refused."""
    points = {point.pk: point for point in ActionPoint.objects.select_for_update().filter(group=group)}
    foreign = set(statuses) - set(points)
    if foreign:
        raise ValidationError(gettext("Some of these action points are not assigned to this group."))
    changed = []
    for pk, status in statuses.items():
        point = points[pk]
        if point.status == status:
            continue
        point.status = status
        if status == ActionPoint.Status.OPEN:
            # Reopened: no meeting has closed it.
            point.closed_at = None
        point.full_clean()
        save_as(point, by=by)
        changed.append(point)
    if changed:
        page_cache.invalidate_on_commit()  # statuses show on meeting pages and in the API
    return changed


# ---------------------------------------------------------------- minutes versions


def minutes_circulate(*, minutes: Minutes, by) -> PublishedVersion:
    """Circulate the minutes to the Friends as the next draft, keeping its sections for comparisons."""
    return _minutes_freeze(minutes=minutes, by=by, freeze=document_circulate)


def minutes_publish(*, minutes: Minutes, by) -> PublishedVersion:
    """Publish the minutes as the next public version, keeping its sections for comparisons."""
    return _minutes_freeze(minutes=minutes, by=by, freeze=document_publish)


def _minutes_freeze(*, minutes: Minutes, by, freeze) -> PublishedVersion:
    with transaction.atomic():
        # The sections are locked while the version's HTML is rendered from them and they are
        # kept, so the frozen HTML and the kept sections are the same text.
        list(minutes.sections.select_for_update())
        # The version's HTML and the kept text from the same, stored, minutes.
        minutes.refresh_from_db()
        sections = minutes_snapshot(minutes)
        version = freeze(document=minutes, by=by)
        revision = MinutesRevision.objects.create(
            minutes=minutes,
            version=version,
            summary=minutes.summary,
            sections=sections,
            created_at=version.created_at,
            created_by=by,
        )
        # The comparison PDF of every earlier version against this one, rendered after the commit:
        # any pair a reader picks is ready without a GET ever rendering one.
        for older in minutes.revisions.exclude(pk=revision.pk):
            MinutesComparePdf.objects.get_or_create(older=older, newer=revision)
            transaction.on_commit(functools.partial(render_minutes_compare_pdf.enqueue, older.pk, revision.pk))
    return version
