"""Decisions with their paragraph tree as the reader's version froze it, their rounds and their adoption.

What a reader gets is what the site shows them, decided by the selectors below it, never again here:
- a decision is listed when it has a version the reader may read (publishing.selectors.readable_versions:
  published versions for everyone, circulated drafts too for readers of them); a draft never circulated
  or published is nobody's through the API (staff read it in the admin), as on the site;
- its symbol, title and paragraphs are those of its current version for this reader (the latest
  published, else the latest circulated: its page), frozen with that round (decisions.Revision), never
  the working text staff edit meanwhile; a withdrawn version gives its notice and no paragraph;
- its rounds are those of the revisions page (decisions.selectors.readable_rounds);
- adoption (meeting and date) is part of the published record: the adopted text is the last round,
  published under its final symbol and title.
Each paragraph has its stable key and the numbers the site computes (decisions.numbering): "vii)" and
"2. d) vii)" where a list continues across siblings. Open points are listed while the text is a draft.

A published version's Akoma Ntoso XML is among its `links` (application/akn+xml), as its page links it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from decisions.models import Decision, Revision
from decisions.open_points import KINDS, OPEN_POINT_SOURCE
from decisions.revisions import FrozenParagraph, frozen_paragraphs
from decisions.selectors import readable_rounds
from meetings.models import FIRST_YEAR, LAST_YEAR, Meeting
from opendata.api.base import ApiViewSet, HtmlUrlField, reads_circulated
from opendata.api.publications import (
    HEAVY_FIELDS,
    ApiYearFilter,
    MeetingLinkSerializer,
    meetings_for_filter,
    publication_id,
    route_part,
    version_id,
    version_status,
    withdrawal_notice,
)
from opendata.api.routers import router
from publishing.models import PublishedVersion
from publishing.selectors import readable_versions
from workgroups.models import WorkingGroup

Kind = PublishedVersion.Kind


class ParagraphSerializer(serializers.Serializer):
    """A paragraph as the version froze it, with its sub-paragraphs."""

    key = serializers.CharField(help_text="Stable across rounds and languages, whatever its number becomes.")
    number = serializers.CharField(help_text='As printed: "2.", "d)", "vii)", "•" for a bullet.')
    full_number = serializers.CharField(
        help_text='With its ancestors\' numbers: "2. d) vii)"; a bullet by its place: "3., second bullet".'
    )
    text = serializers.CharField(help_text="Markdown, as issued (*italics* mark stand-ins).")
    closing_text = serializers.CharField(help_text="Text after its sub-paragraphs, if any.")
    list_style = serializers.CharField(help_text="How its sub-paragraphs are marked: numbered or bulleted.")
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, paragraph) -> list:
        return ParagraphSerializer(paragraph.subparagraphs, many=True).data


class OpenPointSerializer(serializers.Serializer):
    paragraph_key = serializers.CharField()
    paragraph = serializers.CharField(help_text='The paragraph\'s full number: "2. b)".')
    kind = serializers.CharField(help_text="placeholder, blank, missing_dates or stand_in.")
    kind_label = serializers.CharField()
    text = serializers.CharField(help_text='As it stands in the text: "[venue and location]", "______".')


class VersionReferenceSerializer(serializers.Serializer):
    """A version of the decision in the publications resource (its text, PDF and language versions)."""

    id = serializers.CharField(help_text="v<N> or draft-<N>.")
    url = serializers.URLField()
    html_url = serializers.URLField()
    kind = serializers.CharField()
    number = serializers.IntegerField()
    status = serializers.CharField(help_text="circulated, published or withdrawn.")
    date = serializers.DateTimeField()
    withdrawal_notice = serializers.CharField(allow_null=True)


class RevisionSerializer(serializers.Serializer):
    """A round of the draft as it went out (the original, /Rev.1...; the adopted text is the last)."""

    number = serializers.IntegerField(help_text="0 for the original, 1 for /Rev.1...")
    url = serializers.SerializerMethodField(help_text="The round in the API, with its paragraphs.")
    symbol = serializers.CharField(help_text="As the round was issued: CCM/MSP/2011/WP.3/Rev.1; empty if none.")
    label = serializers.CharField(help_text='The symbol, else "Original" / "Revision 2".')
    date = serializers.DateTimeField(source="created_at")
    version = serializers.SerializerMethodField()

    def get_url(self, revision) -> str:
        return reverse(
            "api:decision-revision",
            kwargs={"slug": revision.decision.slug, "number": revision.number},
            request=self.context["request"],
        )

    @extend_schema_field(VersionReferenceSerializer)
    def get_version(self, revision) -> dict:
        return version_reference(revision.version, self.context["request"])


class RevisionDetailSerializer(RevisionSerializer):
    """A round with its paragraph tree as it went out: keys are shared across rounds, so two rounds compare
    paragraph by paragraph (a withdrawn round: no paragraph, as its page shows only the notice)."""

    decision = serializers.SerializerMethodField(help_text="The decision in the API.")
    paragraphs = serializers.SerializerMethodField(help_text="null if withdrawn.")
    open_points = serializers.SerializerMethodField(help_text="While the round is a draft; null once final.")

    def get_decision(self, revision) -> str:
        return reverse("api:decision-detail", kwargs={"slug": revision.decision.slug}, request=self.context["request"])

    @extend_schema_field(ParagraphSerializer(many=True, allow_null=True))
    def get_paragraphs(self, revision):
        if revision.api_paragraphs is None:
            return None
        return ParagraphSerializer([p for p in revision.api_paragraphs if p.parent_id is None], many=True).data

    @extend_schema_field(OpenPointSerializer(many=True, allow_null=True))
    def get_open_points(self, revision):
        if revision.api_paragraphs is None or not revision.version.marked_draft:
            return None
        return open_points_of(revision.api_paragraphs)


class AdoptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    meeting = MeetingLinkSerializer(allow_null=True, help_text="null if this reader may not see the meeting.")
    statement = serializers.CharField(help_text='As the adopted text says: "adopted at the …, 16 September 2011".')


def version_reference(version: PublishedVersion, request) -> dict:
    document_id = publication_id(version.document)
    return {
        "id": version_id(version),
        "url": reverse(
            "api:publication-version", kwargs={"id": document_id, "version": version_id(version)}, request=request
        ),
        "html_url": request.build_absolute_uri(version.get_absolute_url()),
        "kind": version.kind,
        "number": version.number,
        "status": version_status(version),
        "date": serializers.DateTimeField().to_representation(version.created_at),
        "withdrawal_notice": withdrawal_notice(version),
    }


def meeting_reference(meeting: Meeting | None, context) -> dict | None:
    """The meeting in the API, if this reader may see it (closed meetings: readers of drafts only)."""
    if meeting is None or not (meeting.is_public or context["reads_circulated"]):
        return None
    url = reverse("api:meeting-detail", kwargs={"slug": meeting.slug}, request=context["request"])
    return {"id": meeting.slug, "name": meeting.title, "url": url}


def open_points_of(paragraphs: list[FrozenParagraph]) -> list[dict]:
    """Every open point of the frozen paragraphs in reading order (decisions.open_points' patterns)."""
    found = []
    for paragraph in paragraphs:
        for text in (paragraph.text, paragraph.closing_text):
            for match in OPEN_POINT_SOURCE.finditer(text):
                found.append(
                    {
                        "paragraph_key": paragraph.key,
                        "paragraph": paragraph.full_number,
                        "kind": match.lastgroup,
                        "kind_label": str(KINDS[match.lastgroup]),
                        "text": match[0],
                    }
                )
    return found


class DecisionSerializer(serializers.Serializer):
    """A decision as this reader's current version of it froze it, with its rounds and its adoption."""

    id = serializers.SlugField(source="slug", help_text="Stable, as in the decision page's address.")
    url = serializers.HyperlinkedIdentityField(view_name="api:decision-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    publication_url = serializers.SerializerMethodField(help_text="Its versions, texts, PDFs and language versions.")
    symbol = serializers.SerializerMethodField(
        help_text="As its current version was issued: the final symbol once adopted."
    )
    title = serializers.SerializerMethodField(help_text="As its current version was issued.")
    status = serializers.SerializerMethodField(help_text="draft, under_consultation, adopted or withdrawn.")
    status_label = serializers.SerializerMethodField()
    draft = serializers.SerializerMethodField(help_text="Its current text is not final (every page says DRAFT).")
    meeting = serializers.SerializerMethodField(help_text="The Meeting of States Parties it is for.")
    adoption = serializers.SerializerMethodField(help_text="null until adopted.")
    current_version = serializers.SerializerMethodField(help_text="The version its page shows this reader.")
    revisions = RevisionSerializer(
        many=True, source="api_rounds", help_text="Its rounds this reader may read, oldest first."
    )

    def get_publication_url(self, decision) -> str:
        return reverse(
            "api:publication-detail", kwargs={"id": publication_id(decision)}, request=self.context["request"]
        )

    def get_symbol(self, decision) -> str:
        return decision.api_current.symbol

    def get_title(self, decision) -> str:
        version = decision.api_current
        return version.title.removeprefix(f"{version.symbol}: ") if version.symbol else version.title

    def get_status(self, decision) -> str:
        return "withdrawn" if decision.api_current.withdrawn_at else decision.status

    def get_status_label(self, decision) -> str:
        if decision.api_current.withdrawn_at:
            return str(Decision.Status.WITHDRAWN.label)
        return decision.get_status_display()

    def get_draft(self, decision) -> bool:
        return decision.api_current.marked_draft

    @extend_schema_field(MeetingLinkSerializer(allow_null=True))
    def get_meeting(self, decision):
        return meeting_reference(decision.meeting, self.context)

    @extend_schema_field(AdoptionSerializer(allow_null=True))
    def get_adoption(self, decision):
        if not decision.is_adopted:
            return None
        return {
            "date": decision.adopted_on.isoformat(),
            "meeting": meeting_reference(decision.adopted_at_meeting, self.context),
            # As the adopted text was frozen with it (publishing's status note), in no other words.
            "statement": decision.api_current.status_note or decision.adoption_statement,
        }

    @extend_schema_field(VersionReferenceSerializer)
    def get_current_version(self, decision) -> dict:
        return version_reference(decision.api_current, self.context["request"])


class DecisionDetailSerializer(DecisionSerializer):
    paragraphs = serializers.SerializerMethodField(
        help_text="The paragraph tree of the current version; null if withdrawn (its page shows the notice)."
    )
    open_points = serializers.SerializerMethodField(
        help_text="What is still to be filled in, in reading order, while the text is a draft; null once final."
    )

    @extend_schema_field(ParagraphSerializer(many=True, allow_null=True))
    def get_paragraphs(self, decision):
        paragraphs = decision.api_paragraphs
        if paragraphs is None:
            return None
        return ParagraphSerializer([p for p in paragraphs if p.parent_id is None], many=True).data

    @extend_schema_field(OpenPointSerializer(many=True, allow_null=True))
    def get_open_points(self, decision):
        if decision.api_paragraphs is None or not decision.api_current.marked_draft:
            return None
        return open_points_of(decision.api_paragraphs)


class DecisionFilter(filters.FilterSet):
    """The decision list's filters (year of its meeting, kind of meeting, group, meeting) and the status."""

    year = ApiYearFilter(
        field_name="meeting__start_date__year", help_text=f"The year of its meeting ({FIRST_YEAR}–{LAST_YEAR})."
    )
    kind = filters.ChoiceFilter(
        field_name="meeting__kind", choices=Meeting.Kind.choices, help_text="The kind of its meeting: msp..."
    )
    group = filters.ModelChoiceFilter(
        field_name="meeting__groups",
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        help_text="A group's id: decisions for its meetings.",
    )
    meeting = filters.ModelChoiceFilter(
        queryset=meetings_for_filter, to_field_name="slug", help_text="A meeting's id (one this reader may see)."
    )
    status = filters.ChoiceFilter(
        choices=Decision.Status.choices, help_text="draft, under_consultation, adopted or withdrawn."
    )

    class Meta:
        model = Decision
        fields = ["year", "kind", "group", "meeting", "status"]


class DecisionViewSet(ApiViewSet):
    """Decisions with a version this reader may read, newest first: symbol, title, status, meeting,
    adoption, rounds; a decision's own address adds its paragraph tree and open points."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    lookup_field = "slug"
    ordering = ("-pk",)
    noun = "decision"

    @cached_property
    def reads(self) -> bool:
        return reads_circulated(self.request)

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def get_serializer_context(self):
        return super().get_serializer_context() | {"reads_circulated": self.reads}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation: the model is all it needs
            return Decision.objects.none()
        detail = self.action in ("retrieve", "revision")
        readable = readable_versions(reads_circulated=self.reads)
        content_type = ContentType.objects.get_for_model(Decision)
        rounds = readable_rounds(self.request.user).order_by("number")
        if not detail:
            rounds = rounds.defer("paragraphs")  # the list has no paragraph
        return (
            Decision.objects.filter(Exists(readable.filter(content_type=content_type, object_id=OuterRef("pk"))))
            .select_related("meeting", "adopted_at_meeting")
            .prefetch_related(
                Prefetch("versions", queryset=readable.defer(*HEAVY_FIELDS), to_attr="api_versions"),
                Prefetch("revisions", queryset=rounds, to_attr="api_rounds"),
            )
            .order_by(*self.ordering)
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [_prepared(decision, with_paragraphs=False) for decision in page] if page is not None else None

    def get_object(self):
        return _prepared(super().get_object(), with_paragraphs=self.action == "retrieve")

    @extend_schema(
        parameters=[OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH, description="0, 1, 2...")],
        responses=RevisionDetailSerializer,
        filters=False,
    )
    @action(detail=True, url_path=route_part("revisions", "number", number=True), url_name="revision")
    def revision(self, request, *args, **kwargs):
        """One round of the decision with its paragraph tree as it went out, if this reader may read it
        (as the revisions page lists them)."""
        return self._shared_for_anonymous(self._revision_answer, request, *args, **kwargs)

    def _revision_answer(self, request, *args, **kwargs):
        decision = self.get_object()
        number = int(self.kwargs["number"])
        revision = next((r for r in decision.api_rounds if r.number == number), None)
        if revision is None:
            raise exceptions.NotFound(gettext("No round %(number)s of this decision here.") % {"number": number})
        revision.api_paragraphs = None if revision.version.withdrawn_at else frozen_paragraphs(revision.paragraphs)
        return Response(RevisionDetailSerializer(revision, context=self.get_serializer_context()).data)


def _prepared(decision: Decision, *, with_paragraphs: bool) -> Decision:
    """The decision with `.api_current` (its page's version: the latest published, else the latest
    circulated), its rounds' versions attached, and (`with_paragraphs`) `.api_paragraphs`: the current
    version's round's paragraphs in reading order, None when withdrawn."""
    versions = {version.pk: version for version in decision.api_versions}
    for version in versions.values():
        version.document = decision
    decision.api_current = max(versions.values(), key=lambda version: (version.kind == Kind.PUBLISHED, version.number))
    rounds: list[Revision] = []
    for revision in decision.api_rounds:
        revision.decision = decision
        if revision.version_id in versions:  # always, as readable rounds are rounds of readable versions
            revision.version = versions[revision.version_id]
            rounds.append(revision)
    decision.api_rounds = rounds
    decision.api_paragraphs = None
    if with_paragraphs and decision.api_current.withdrawn_at is None:
        current = next((r for r in rounds if r.version_id == decision.api_current.pk), None)
        if current is not None:
            decision.api_paragraphs = frozen_paragraphs(current.paragraphs)
    return decision


router.register("decisions", DecisionViewSet, basename="decision")
