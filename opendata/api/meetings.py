"""Meetings as Open Civic Data events: kind, dates as the site prints them, venue, languages, groups,
the agenda as issued (a tree with leads), documents, and where their minutes stand.

Who sees which meeting is the site's rule (meetings.selectors.meetings_visible_to): public meetings for
everyone, closed ones for readers of circulated drafts. The agenda is what the reader's current readable
version of it issued (meetings.issued_agenda), never the working text staff edit meanwhile.
"""

import re
from functools import cached_property

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from meetings.issued_agenda import issued_agenda_tree, issued_agenda_trees
from meetings.models import FIRST_YEAR, LAST_YEAR, AgendaItem, Language, Meeting, MeetingDocument
from meetings.selectors import meetings_visible_to
from opendata.api.base import ApiViewSet, HtmlUrlField, reads_circulated
from opendata.api.routers import router
from publishing.models import PublishedVersion
from publishing.selectors import readable_versions
from workgroups.models import WorkingGroup


class GroupReferenceSerializer(serializers.Serializer):
    id = serializers.SlugField(source="slug")
    name = serializers.CharField()
    url = serializers.HyperlinkedIdentityField(view_name="api:group-detail", lookup_field="slug")


class MeetingReferenceSerializer(serializers.Serializer):
    """A meeting named from another object: its id, title and address in the API."""

    id = serializers.SlugField(source="slug")
    name = serializers.CharField(source="title")
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail", lookup_field="slug")


class LocationSerializer(serializers.Serializer):
    """An OCD event's location: the venue as the meeting page prints it."""

    name = serializers.CharField(source="venue", help_text='e.g. "Palais des Nations"; empty if not announced.')
    room = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(source="country.name", default=None, allow_null=True)


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 639-1: en, fr, es, ar, zh, ru.")
    name = serializers.CharField()


class ChairSerializer(serializers.Serializer):
    """The chair as the meeting page names them: a name and a country, nothing else of theirs."""

    name = serializers.CharField(source="__str__")
    country = serializers.CharField(source="country.name", default=None, allow_null=True)


class DocumentSerializer(serializers.Serializer):
    """A document of the meeting (programme of work, working paper, statement...), in one language."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    symbol = serializers.CharField(help_text="e.g. CCM/MSP/2011/WP.3; empty if it has none.")
    classification = serializers.CharField(source="kind")
    classification_label = serializers.CharField(source="get_kind_display")
    language = serializers.CharField()
    download_url = HtmlUrlField(help_text="The file, as the meeting page links it.")


class AgendaItemSerializer(serializers.Serializer):
    """An item as the agenda issued it; `title`, `description` and `lead` are null for an item whose
    record has changed since it was issued (its printed `text` stays)."""

    id = serializers.IntegerField(help_text="Stable for the item, in every version of the agenda.")
    number = serializers.CharField(allow_null=True, help_text='"1", "2"... for numbered items; null for sub-items.')
    text = serializers.CharField(help_text="The item as printed: title, description and lead.")
    title = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    lead = serializers.CharField(allow_null=True, help_text='Who introduces the item: "Lao PDR", "Exec. Coord.".')
    lead_as_printed = serializers.CharField(
        allow_null=True, help_text='Where the agenda prints the lead otherwise than "– (Lead)".'
    )
    document_ids = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the meeting's documents.")
    subitems = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_subitems(self, item) -> list:
        # This serializer again, not a new one per item: making a serializer (copying its fields) cost more
        # than all the rest of an agenda's answer.
        return [self.to_representation(subitem) for subitem in item.subitems]


class VersionStateSerializer(serializers.Serializer):
    """Where a document of the meeting stands for this reader: its current readable version."""

    number = serializers.IntegerField()
    draft = serializers.BooleanField(source="is_draft", help_text="A draft circulated to the Friends for comments.")
    status = serializers.SerializerMethodField(help_text="circulated, published or withdrawn.")
    date = serializers.DateTimeField(source="created_at")
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawal_notice = serializers.SerializerMethodField(allow_null=True)
    html_url = HtmlUrlField()

    def get_status(self, version) -> str:
        return "withdrawn" if version.withdrawn_at else version.kind

    def get_withdrawal_notice(self, version) -> str | None:
        if version.withdrawn_at is None:
            return None
        return "Withdrawn: its text is no longer published."


class AgendaSerializer(VersionStateSerializer):
    items = serializers.SerializerMethodField(help_text="The items as this version issued them; none if withdrawn.")

    @cached_property
    def _items(self) -> serializers.ListSerializer:
        return AgendaItemSerializer(many=True, context=self.context)

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_items(self, version) -> list:
        if version.withdrawn_at is not None:
            return []
        # A page of meetings has its trees already (MeetingListSerializer: one cache round trip for all).
        tree = getattr(version, "issued_tree", None)
        if tree is None:
            tree = issued_agenda_tree(version, version.meeting_items)
        return self._items.to_representation(tree)


class MeetingListSerializer(serializers.ListSerializer):
    """A page of meetings: their agendas' trees are made together, with one round trip to the shared
    cache for every frozen agenda on the page (meetings.issued_agenda), before each meeting is shown."""

    def to_representation(self, data):
        meetings = list(data.all() if hasattr(data, "all") else data)
        agendas = []
        for meeting in meetings:
            version = _current_version(meeting, "agenda")
            if version is not None and version.withdrawn_at is None:
                agendas.append((version, meeting.all_agenda_items))
        for (version, _items), tree in zip(agendas, issued_agenda_trees(agendas), strict=True):
            version.issued_tree = tree
        return super().to_representation(meetings)


class MeetingSerializer(serializers.Serializer):
    """A meeting as an Open Civic Data event."""

    class Meta:
        list_serializer_class = MeetingListSerializer

    id = serializers.SlugField(source="slug", help_text="Stable, as in the meeting page's address.")
    uid = serializers.UUIDField(help_text="As in the iCalendar feeds.")
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    name = serializers.CharField(source="title")
    classification = serializers.CharField(
        source="kind", help_text="msp, intersessional, friends, consultation or planning_mission."
    )
    classification_label = serializers.CharField(source="get_kind_display")
    number = serializers.IntegerField(allow_null=True, help_text="2 for the 2MSP.")
    public = serializers.BooleanField(source="is_public", help_text="False: a closed meeting, for Friends only.")
    start_date = serializers.DateField(help_text="For tentative dates, the earliest likely day.")
    end_date = serializers.DateField(allow_null=True, help_text="For tentative dates, the latest likely day.")
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    timezone = serializers.CharField(source="time_zone")
    dates = serializers.CharField(
        source="dates_label", help_text='As the site prints them: "end of January / beginning of February 2011".'
    )
    dates_tentative = serializers.BooleanField()
    status = serializers.SerializerMethodField(help_text="OCD: tentative (dates not fixed) or confirmed.")
    location = LocationSerializer(source="*")
    chair = ChairSerializer(allow_null=True)
    languages = serializers.SerializerMethodField()
    notes = serializers.CharField()
    groups = GroupReferenceSerializer(many=True, source="listed_groups")
    documents = DocumentSerializer(many=True, source="listed_documents")
    agenda = serializers.SerializerMethodField(help_text="null until an agenda is issued that this reader may read.")
    minutes = serializers.SerializerMethodField(help_text="null until minutes this reader may read are issued.")
    action_points_url = serializers.SerializerMethodField(
        help_text="The meeting's action points in the API (there once its minutes are)."
    )
    calendar_url = serializers.SerializerMethodField(help_text="The meeting as iCalendar.")

    def get_status(self, meeting) -> str:
        return "tentative" if meeting.dates_tentative else "confirmed"

    @extend_schema_field(LanguageSerializer(many=True))
    def get_languages(self, meeting) -> list:
        return [{"code": code, "name": Language(code).label} for code in meeting.languages if code in Language.values]

    # One serializer of each for every meeting of a page, not a new one per meeting.
    @cached_property
    def _agenda(self) -> AgendaSerializer:
        return AgendaSerializer(context=self.context)

    @cached_property
    def _minutes(self) -> VersionStateSerializer:
        return VersionStateSerializer(context=self.context)

    @extend_schema_field(AgendaSerializer(allow_null=True))
    def get_agenda(self, meeting):
        version = _current_version(meeting, "agenda")
        if version is None:
            return None
        version.meeting_items = meeting.all_agenda_items
        return self._agenda.to_representation(version)

    @extend_schema_field(VersionStateSerializer(allow_null=True))
    def get_minutes(self, meeting):
        version = _current_version(meeting, "minutes")
        return None if version is None else self._minutes.to_representation(version)

    def get_action_points_url(self, meeting) -> str:
        return f"{reverse('api:action-point-list', request=self.context['request'])}?meeting={meeting.slug}"

    def get_calendar_url(self, meeting) -> str:
        return self.context["request"].build_absolute_uri(reverse("meetings:meeting_ics", args=[meeting.slug]))


def _current_version(meeting: Meeting, name: str) -> PublishedVersion | None:
    """The version of the meeting's agenda or minutes its page shows this reader (prefetched: the latest
    readable one, published before circulated), with its document attached for its addresses."""
    try:
        document = getattr(meeting, name)
    except ObjectDoesNotExist:
        return None
    if not document.current_readable:
        return None
    version = document.current_readable[0]
    document.meeting = meeting
    version.document = document
    return version


class FourDigitYearField(forms.IntegerField):
    """A year as four ASCII digits: "2011", never "02011", "+2011", " 2011" or other scripts' digits, which
    would each be another address (and another stored answer) for the same list."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{4}", str(value)):
            raise forms.ValidationError(gettext("Enter the year as four digits, e.g. 2011."), code="invalid")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.Filter):
    field_class = FourDigitYearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class MeetingFilter(filters.FilterSet):
    """The meeting list's filters (meetings.forms.MeetingFilterForm), and the year."""

    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices, help_text="msp, intersessional, friends...")
    group = filters.ModelChoiceFilter(
        field_name="groups",
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        help_text="A group's id: its meetings.",
    )
    year = YearFilter(field_name="start_date__year", help_text=f"The year it starts in ({FIRST_YEAR}–{LAST_YEAR}).")

    class Meta:
        model = Meeting
        fields = ["kind", "group", "year"]


def current_readable_prefetch(document: str, reads: bool, *, with_html: bool) -> Prefetch:
    """The agenda's or minutes' current version for this reader, as `<document>.current_readable` ([] or
    [one]): the latest published, else (for readers of drafts) the latest circulated, as the page shows."""
    # The first of each document's readable versions: ranked per document, in one query for a page of meetings.
    rank = Window(RowNumber(), partition_by=[F("object_id")], order_by=[F("kind").desc(), F("number").desc()])
    versions = readable_versions(reads_circulated=reads).annotate(rank=rank).filter(rank=1)
    versions = versions.defer("search_text") if with_html else versions.defer("html", "search_text")
    return Prefetch(f"{document}__versions", queryset=versions, to_attr="current_readable")


class MeetingViewSet(ApiViewSet):
    """Meetings of the work programme (Open Civic Data events), newest first, with their issued agenda,
    documents and the state of their minutes."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    lookup_field = "slug"
    ordering = ("-start_date", "-start_time", "pk")
    noun = "meeting"

    def get_queryset(self):
        reads = reads_circulated(self.request)
        return (
            meetings_visible_to(self.request.user)
            .select_related("country", "chair__country", "agenda", "minutes")
            .prefetch_related(
                Prefetch("groups", queryset=WorkingGroup.objects.order_by("position", "name"), to_attr="listed_groups"),
                Prefetch(
                    "documents", queryset=MeetingDocument.objects.order_by("position", "pk"), to_attr="listed_documents"
                ),
                Prefetch("agenda_items", queryset=AgendaItem.objects.all(), to_attr="all_agenda_items"),
                current_readable_prefetch("agenda", reads, with_html=True),
                current_readable_prefetch("minutes", reads, with_html=False),
            )
            .order_by(*self.ordering)
        )


router.register("meetings", MeetingViewSet, basename="meeting")
