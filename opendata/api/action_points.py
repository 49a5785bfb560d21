"""Action points, as the meeting pages show them: those of the meetings whose minutes the reader may read.

Action points are part of the minutes: a meeting's page lists them once the reader may read a version
of its minutes that is not withdrawn (published for everyone, circulated drafts for Friends), of a
meeting the reader may see. Who acts is the owner as the minutes word it; the person the portal
e-mails about it (`owner_person`) is never part of it.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import ActionPoint, Meeting
from meetings.selectors import meetings_visible_to
from opendata.api.base import ApiViewSet, reads_circulated
from opendata.api.meetings import GroupReferenceSerializer, MeetingReferenceSerializer
from opendata.api.routers import router
from publishing.selectors import readable_versions
from workgroups.models import WorkingGroup


class ActionPointSerializer(serializers.Serializer):
    """An action point: agreed at one meeting, reviewed at later ones, closed at one (OParl's consultations)."""

    id = serializers.IntegerField(source="pk", help_text="Stable for the action point.")
    url = serializers.HyperlinkedIdentityField(view_name="api:action-point-detail")
    html_url = serializers.SerializerMethodField(help_text="The page of the meeting that agreed it.")
    text = serializers.CharField()
    owner = serializers.CharField(help_text='Who acts, as the minutes word it: a country, a role ("All Friends")...')
    status = serializers.CharField(help_text="open, done or dropped.")
    status_label = serializers.CharField(source="get_status_display")
    due_date = serializers.DateField(allow_null=True, help_text="The day the due note names, if one.")
    due_note = serializers.CharField(help_text='As agreed: "before the next Friends meeting".')
    group = GroupReferenceSerializer(allow_null=True)
    meeting = MeetingReferenceSerializer(help_text="Where it was agreed.")
    reviewed_at = MeetingReferenceSerializer(many=True, source="visible_reviews")
    closed_at = serializers.SerializerMethodField(help_text="The meeting that closed it, if this reader may see it.")

    def get_html_url(self, point) -> str:
        return self.context["request"].build_absolute_uri(point.meeting.get_absolute_url() + "#minutes")

    @extend_schema_field(MeetingReferenceSerializer(allow_null=True))
    def get_closed_at(self, point):
        closing = point.closed_at
        if closing is None or not (closing.is_public or self.context["reads_circulated"]):
            return None
        return MeetingReferenceSerializer(closing, context=self.context).data


def _visible_meetings(request):
    return meetings_visible_to(request.user) if request is not None else Meeting.objects.filter(is_public=True)


class ActionPointFilter(filters.FilterSet):
    """The tracker's filters (kind of meeting, group), the status, and one meeting."""

    status = filters.ChoiceFilter(choices=ActionPoint.Status.choices, help_text="open, done or dropped.")
    kind = filters.ChoiceFilter(
        field_name="meeting__kind", choices=Meeting.Kind.choices, help_text="The kind of meeting that agreed it."
    )
    group = filters.ModelChoiceFilter(
        queryset=WorkingGroup.objects.all(), to_field_name="slug", help_text="A group's id."
    )
    meeting = filters.ModelChoiceFilter(
        queryset=_visible_meetings, to_field_name="slug", help_text="The id of the meeting that agreed it."
    )

    class Meta:
        model = ActionPoint
        fields = ["status", "kind", "group", "meeting"]


class ActionPointViewSet(ApiViewSet):
    """Action points of the meetings whose minutes this reader may read, by meeting (newest first) and
    their order in the minutes."""

    serializer_class = ActionPointSerializer
    filterset_class = ActionPointFilter
    ordering = ("-meeting__start_date", "meeting_id", "position", "pk")
    noun = "action point"

    def get_queryset(self):
        reads = reads_circulated(self.request)
        visible = meetings_visible_to(self.request.user)
        # As the meeting page: once the reader may read a version of the minutes that is not withdrawn.
        minutes_readable = readable_versions(reads_circulated=reads).filter(
            withdrawn_at__isnull=True, minutes__meeting=OuterRef("meeting")
        )
        return (
            ActionPoint.objects.filter(meeting__in=visible)
            .filter(Exists(minutes_readable))
            .select_related("meeting", "group", "closed_at")
            .prefetch_related(
                Prefetch("reviewed_at", queryset=visible.order_by("start_date", "pk"), to_attr="visible_reviews")
            )
            .order_by(*self.ordering)
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"reads_circulated": reads_circulated(self.request)}


router.register("action-points", ActionPointViewSet, basename="action-point")
