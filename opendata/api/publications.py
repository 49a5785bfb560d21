"""Publications: every document of every type (publishing's Publishable models: minutes, agendas,
decisions) with the versions the reader may read, shaped like Open Civic Data bill versions.

Who reads which version is publishing's rule, never derived again here (publishing.selectors):
`readable_versions` (published versions for everyone, circulated drafts too for readers of them),
`documents_prefetch` (each version's document, with what its addresses need) and
`language_versions_in_force` (the language versions readers get). A withdrawn version is listed with
the notice its page shows instead of its text: no text, no PDF.

Addresses:
- `/api/v1/publications/`: the documents that have a version this reader may read, newest first
  (without texts);
- `/api/v1/publications/<type>-<slug>/`: one document (`decision-work-programme-2012`,
  `minutes-friends-meeting-2010-11-30`: its type and the slug of its address on the site);
- `/api/v1/publications/<id>/versions/<version>/`: one version with its text (`v1`, `draft-2` as on
  the site; `v1-fr` its French language version);
- `/api/v1/publications/<id>/versions/<version>/pdf/`: its PDF, for the readers who may read it (a
  circulated draft's PDF is not public: a program reads it here with its token).
"""

import hashlib
import re
from html.parser import HTMLParser

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from decisions.models import Decision
from meetings.models import FIRST_YEAR, LAST_YEAR, Meeting, MeetingPublishable
from meetings.selectors import meetings_visible_to
from opendata.api.base import ApiViewSet, RenderedJSONRenderer, _shown, reads_circulated
from opendata.api.meetings import YearFilter
from opendata.api.routers import router
from publishing.generated import generated_pdf_response
from publishing.models import OriginalLanguage, PublicationState, Publishable, PublishedVersion
from publishing.selectors import documents_prefetch, language_versions_in_force, readable_versions
from workgroups.models import WorkingGroup

Kind = PublishedVersion.Kind
# Columns no list needs: the frozen text and what search and translation keep of it.
HEAVY_FIELDS = ("html", "search_text", "search_vector", "translated_texts", "source_texts")
VERSION_ID = re.compile(r"(?P<kind>v|draft-)(?P<number>[1-9][0-9]{0,8})(?:-(?P<language>[a-z]{2}))?")


def document_types() -> dict[str, type[Publishable]]:
    """Every document type by its name in the API ("agenda", "minutes", "decision"): publishing's
    concrete Publishable models."""
    return {model._meta.model_name: model for model in Publishable.publishable_models()}


def publication_id(document: Publishable) -> str:
    """`<type>-<slug>`: the type and the slug of the document's address on the site."""
    return f"{document._meta.model_name}-{document.slug_value}"


def version_id(version: PublishedVersion) -> str:
    """`v1` (published), `draft-2` (circulated), as the site's addresses; `v1-fr` a language version."""
    stem = f"v{version.number}" if version.kind == Kind.PUBLISHED else f"draft-{version.number}"
    return f"{stem}-{version.language}" if version.translation_of_id else stem


def version_status(version: PublishedVersion) -> str:
    return "withdrawn" if version.withdrawn_at else version.kind


def withdrawal_notice(version: PublishedVersion) -> str | None:
    """What the version's page says instead of its text (the reason stays in the record, unpublished)."""
    if version.withdrawn_at is None:
        return None
    return gettext("This document was withdrawn on %(date)s. Its text is no longer published.") % {
        "date": timezone.localdate(version.withdrawn_at).isoformat()
    }


# ---------------------------------------------------------------- the text of a frozen version

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# A line holding only a paragraph's number ("2.", "d)", "vii)", "•"): its text follows on the same line.
NUMBER_ONLY = re.compile(r"(?:\d+\.|[a-z]{1,4}\)|\(\d+\)|•)")


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def _break(self):
        current = self.lines[-1].strip()
        if current and not NUMBER_ONLY.fullmatch(current):
            self.lines.append("")
        elif current:
            self.lines[-1] = current + " "

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS or tag == "br":
            self._break()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        self.lines[-1] += re.sub(r"\s+", " ", data)


def text_of_html(html: str) -> str:
    """The plain text of a frozen version's HTML: one line per block (title block lines, headings,
    paragraphs, list items), a paragraph's number on the line of its text."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r" {2,}", " ", line).strip() for line in parser.lines)
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- serializers


class LinkSerializer(serializers.Serializer):
    media_type = serializers.CharField(
        help_text="text/html, application/pdf, application/json; application/akn+xml: a decision as Akoma Ntoso."
    )
    url = serializers.URLField()


class PdfSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="The file: its public address for a published version, else the API's (a token reads it)."
    )
    sha256 = serializers.CharField()
    size = serializers.IntegerField(allow_null=True, help_text="Bytes.")


class VersionSerializer(serializers.Serializer):
    """A version as an Open Civic Data bill version: a frozen text, its date and links to its forms."""

    id = serializers.SerializerMethodField(help_text="v<N> (published), draft-<N> (circulated); -<language> added.")
    url = serializers.SerializerMethodField(help_text="The version in the API, with its text.")
    html_url = serializers.SerializerMethodField(help_text="Its page on the portal.")
    note = serializers.CharField(source="get_kind_display", help_text='OCD: "Published version", "Circulated draft".')
    kind = serializers.ChoiceField(choices=Kind.choices)
    number = serializers.IntegerField(help_text="1, 2, 3... per document and kind.")
    status = serializers.SerializerMethodField(help_text="circulated, published or withdrawn.")
    draft = serializers.BooleanField(source="is_draft", help_text="A draft circulated to the Friends for comments.")
    marked_draft = serializers.BooleanField(help_text="Its pages and PDF say DRAFT (a text not final).")
    title = serializers.CharField()
    symbol = serializers.CharField(help_text="As this version froze it; empty if it has none.")
    language = serializers.ChoiceField(choices=OriginalLanguage.choices)
    date = serializers.DateTimeField(source="created_at", help_text="When it was circulated or published.")
    document_date = serializers.DateField(help_text="The date it is dated (title block).")
    printed_date = serializers.CharField(help_text='As printed: "16 September 2011", or tentative words.')
    status_note = serializers.CharField(help_text='Its standing when frozen: "adopted at the …", or empty.')
    current = serializers.BooleanField(source="is_current", help_text="False once a later version superseded it.")
    superseded_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawal_notice = serializers.SerializerMethodField(
        help_text="What its page says instead of its text; null unless withdrawn."
    )
    pdf = serializers.SerializerMethodField(help_text="null while being prepared, and for a withdrawn version.")
    links = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        return self.context["request"].build_absolute_uri(path)

    def get_id(self, version) -> str:
        return version_id(version)

    def get_url(self, version) -> str:
        return reverse(
            "api:publication-version",
            kwargs={"id": publication_id(version.document), "version": version_id(version)},
            request=self.context["request"],
        )

    def get_html_url(self, version) -> str:
        return self._absolute(version.get_absolute_url())

    def get_status(self, version) -> str:
        return version_status(version)

    def get_withdrawal_notice(self, version) -> str | None:
        return withdrawal_notice(version)

    @extend_schema_field(PdfSerializer(allow_null=True))
    def get_pdf(self, version):
        if version.withdrawn_at is not None or not version.pdf:
            return None
        if version.pdf_is_public:
            url = self._absolute(version.pdf.url)  # served as a file, to anyone
        else:
            url = reverse(
                "api:publication-version-pdf",
                kwargs={"id": publication_id(version.document), "version": version_id(version)},
                request=self.context["request"],
            )
        return {"url": url, "sha256": version.pdf_sha256, "size": version.pdf_size}

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, version) -> list:
        links = [
            {"media_type": "text/html", "url": self.get_html_url(version)},
            {"media_type": "application/json", "url": self.get_url(version)},
        ]
        if pdf := self.get_pdf(version):
            links.append({"media_type": "application/pdf", "url": pdf["url"]})
        # Its text in other formats, as its page links them (a decision's Akoma Ntoso XML): for a published
        # version only, whose addresses anyone opens (a draft's are for signed-in browsers, not tokens).
        if version.kind == Kind.PUBLISHED and version.withdrawn_at is None:
            for alternate in version.document.version_alternates(version):
                links.append({"media_type": alternate.media_type, "url": self._absolute(alternate.url)})
        return links


class OriginalVersionSerializer(VersionSerializer):
    language_versions = serializers.SerializerMethodField(
        help_text="Its versions in other languages in force (same number and kind); none if withdrawn."
    )

    @extend_schema_field(VersionSerializer(many=True))
    def get_language_versions(self, version) -> list:
        return VersionSerializer(version.api_language_versions, many=True, context=self.context).data


class VersionDetailSerializer(OriginalVersionSerializer):
    """One version with its text: null (and no PDF) when withdrawn, as its page shows only the notice."""

    publication = serializers.SerializerMethodField(help_text="The document's address in the API.")
    translation_of = serializers.SerializerMethodField(
        help_text="A language version: the id of the version it translates; else null."
    )
    text = serializers.SerializerMethodField(help_text="The plain text, one line per block; null if withdrawn.")
    html = serializers.SerializerMethodField(help_text="The frozen HTML of the document's body; null if withdrawn.")
    html_sha256 = serializers.SerializerMethodField(help_text="SHA-256 of `html` (UTF-8); null if withdrawn.")

    def get_publication(self, version) -> str:
        return reverse(
            "api:publication-detail", kwargs={"id": publication_id(version.document)}, request=self.context["request"]
        )

    def get_translation_of(self, version) -> str | None:
        return version_id(version.translation_of) if version.translation_of_id else None

    def get_text(self, version) -> str | None:
        return None if version.withdrawn_at else text_of_html(version.html)

    def get_html(self, version) -> str | None:
        return None if version.withdrawn_at else version.html

    def get_html_sha256(self, version) -> str | None:
        return None if version.withdrawn_at else hashlib.sha256(version.html.encode()).hexdigest()


class MeetingLinkSerializer(serializers.Serializer):
    """A meeting named from a document, if this reader may see it: its id, title and address in the API."""

    id = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField()


class PublicationSerializer(serializers.Serializer):
    """A document with the versions this reader may read (an OCD bill with its versions)."""

    id = serializers.SerializerMethodField(help_text="<type>-<slug>: stable, as the document's address on the site.")
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField(help_text="Its page on the portal (the current version).")
    type = serializers.SerializerMethodField(help_text="agenda, minutes or decision.")
    type_label = serializers.SerializerMethodField()
    title = serializers.CharField(source="api_current.title", help_text="As its current version froze it.")
    symbol = serializers.CharField(source="api_current.symbol")
    language = serializers.CharField(source="api_current.language", help_text="The language it was written in.")
    status = serializers.SerializerMethodField(
        help_text="Of its current version for this reader: published, circulated (a draft) or withdrawn."
    )
    date = serializers.DateTimeField(source="api_current.created_at", help_text="Its current version's date.")
    current_version = serializers.SerializerMethodField(
        help_text="The version its page shows: the latest published, else the latest circulated draft."
    )
    withdrawal_notice = serializers.SerializerMethodField(allow_null=True)
    meeting = serializers.SerializerMethodField(help_text="Minutes' and agendas' meeting; null for others.")
    decision_url = serializers.SerializerMethodField(help_text="A decision's paragraphs in the API; null for others.")
    versions = OriginalVersionSerializer(many=True, source="api_versions", help_text="Newest first.")

    def get_id(self, document) -> str:
        return publication_id(document)

    def get_url(self, document) -> str:
        return reverse(
            "api:publication-detail", kwargs={"id": publication_id(document)}, request=self.context["request"]
        )

    def get_html_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())

    def get_type(self, document) -> str:
        return document._meta.model_name

    def get_type_label(self, document) -> str:
        return str(document._meta.verbose_name)

    def get_status(self, document) -> str:
        return version_status(document.api_current)

    def get_current_version(self, document) -> str:
        return version_id(document.api_current)

    def get_withdrawal_notice(self, document) -> str | None:
        return withdrawal_notice(document.api_current)

    @extend_schema_field(MeetingLinkSerializer(allow_null=True))
    def get_meeting(self, document):
        if not isinstance(document, MeetingPublishable):
            return None
        meeting = document.meeting  # loaded with the document (with_url_data)
        if not (meeting.is_public or self.context["reads_circulated"]):
            return None
        url = reverse("api:meeting-detail", kwargs={"slug": meeting.slug}, request=self.context["request"])
        return {"id": meeting.slug, "name": meeting.title, "url": url}

    def get_decision_url(self, document) -> str | None:
        if not isinstance(document, Decision):
            return None
        return reverse("api:decision-detail", kwargs={"slug": document.slug}, request=self.context["request"])


# ---------------------------------------------------------------- filters


def _through_meeting(lookup: str, value) -> Q:
    """Versions of documents whose meeting matches `lookup` (each type that has a meeting)."""
    condition = Q(pk__in=[])
    for name, model in document_types().items():
        if any(field.name == "meeting" for field in model._meta.get_fields()):
            condition |= Q(**{f"{name}__meeting__{lookup}": value})
    return condition


def meetings_for_filter(request):
    """The meetings a `meeting` filter may name: those this reader may see (others are no valid choice)."""
    return meetings_visible_to(request.user) if request is not None else Meeting.objects.filter(is_public=True)


@extend_schema_field(OpenApiTypes.INT)
class ApiYearFilter(YearFilter):
    """A year, a whole number in the portal's range (described as an integer in the schema)."""


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(filters.ModelChoiceFilter):
    """A group or meeting named by its id (slug)."""


class PublicationFilter(filters.FilterSet):
    """The public lists' filters (year, kind of meeting, group, meeting), the type, the language and the
    status of the document for this reader. A document matches when one of its readable versions does."""

    type = filters.ChoiceFilter(
        method="filter_type",
        choices=lambda: [(name, name) for name in document_types()],
        help_text="agenda, minutes or decision: the document type.",
    )
    language = filters.ChoiceFilter(
        method="filter_language",
        choices=OriginalLanguage.choices,
        help_text="en, fr or es: written in it, or with a language version in it in force.",
    )
    year = ApiYearFilter(
        field_name="document_date__year", help_text=f"The year a version is dated ({FIRST_YEAR}–{LAST_YEAR})."
    )
    status = filters.ChoiceFilter(
        method="filter_status",
        choices=[("published", "published"), ("circulated", "circulated"), ("withdrawn", "withdrawn")],
        help_text="published (public), circulated (a draft for the Friends) or withdrawn.",
    )
    kind = filters.ChoiceFilter(
        method="filter_kind", choices=Meeting.Kind.choices, help_text="The kind of its meeting: msp, friends..."
    )
    group = SlugChoiceFilter(
        method="filter_group",
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        help_text="A group's id: documents of its meetings.",
    )
    meeting = SlugChoiceFilter(
        method="filter_meeting",
        queryset=meetings_for_filter,
        to_field_name="slug",
        help_text="A meeting's id: its minutes, agenda and decisions.",
    )

    class Meta:
        model = PublishedVersion
        fields = ["type", "language", "year", "status", "kind", "group", "meeting"]

    def filter_type(self, versions, name, value: str):
        model = document_types()[value]
        return versions.filter(content_type=ContentType.objects.get_for_model(model))

    def filter_language(self, versions, name, value):
        translated = language_versions_in_force(value).filter(translation_of=OuterRef("pk"))
        return versions.filter(Q(language=value) | Exists(translated))

    def filter_status(self, versions, name, value):
        state = {"published": PublicationState.PUBLIC}.get(value, value)
        condition = Q(pk__in=[])
        for type_name in document_types():
            condition |= Q(**{f"{type_name}__publication_state": state})
        return versions.filter(condition)

    def filter_kind(self, versions, name, value):
        return versions.filter(_through_meeting("kind", value))

    def filter_group(self, versions, name, value):
        return versions.filter(_through_meeting("groups", value))

    def filter_meeting(self, versions, name, value):
        return versions.filter(_through_meeting("pk", value.pk))


# ---------------------------------------------------------------- the viewset


class PassthroughPdfRenderer(BaseRenderer):
    """Lets a client that asks for application/pdf reach the PDF address (the response is the file)."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return RenderedJSONRenderer().render(data, "application/json", renderer_context)


def route_part(segment: str, name: str, *, number: bool = False) -> str:
    """`<segment>/<name>` for an action's address, as the router writes its routes: a regex group, or a
    path converter (`slug`, `number`: written canonically, core/url_converters.py) when it builds path()
    routes (DefaultRouter(use_regex_path=False))."""
    if getattr(router, "_use_regex", True):
        return rf"{segment}/(?P<{name}>{'0|[1-9][0-9]{0,8}' if number else '[-a-zA-Z0-9_]+'})"
    return f"{segment}/<{'number' if number else 'slug'}:{name}>"


VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="v<N> (published), draft-<N> (circulated), with -fr / -es for a language version.",
)


class PublicationViewSet(ApiViewSet):
    """Every document (minutes, agendas, decisions) with the versions this reader may read, newest first;
    withdrawn versions with their notice instead of their text."""

    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    lookup_field = "id"
    lookup_url_kwarg = "id"
    # `<type>-<slug>`: a slug, whichever way the router writes its routes (regex or path converter).
    lookup_value_regex = "[a-z]+-[-a-zA-Z0-9_]+"
    lookup_value_converter = "slug"
    # The document whose latest readable version is newest first; then by type and row: unique.
    ordering = ("-latest", "content_type_id", "object_id")
    noun = "publication"

    @cached_property
    def reads(self) -> bool:
        return reads_circulated(self.request)

    def get_queryset(self):
        # The originals this reader may read; a document is listed when it has one.
        return readable_versions(reads_circulated=self.reads)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"reads_circulated": self.reads}

    def filter_queryset(self, versions):
        """The filtered versions, one row per document: (content type, object id, its latest version's date)."""
        filtered = StrictFilters().filter_queryset(self.request, versions, self)
        return (
            filtered.order_by()
            .values("content_type_id", "object_id")
            .annotate(latest=Max("created_at"))
            .order_by(*self.ordering)
        )

    def paginate_queryset(self, rows):
        page = super().paginate_queryset(rows)
        return self._documents(page) if page is not None else None

    def _documents(self, rows: list[dict]) -> list[Publishable]:
        """The documents of `rows`, in their order, each with its readable versions (and theirs in other
        languages): 1 query for the versions, 1 per document type for the documents, 1 for the language
        versions, however many documents."""
        if not rows:
            return []
        keys = [(row["content_type_id"], row["object_id"]) for row in rows]
        which = Q(pk__in=[])
        for content_type_id in {key[0] for key in keys}:
            which |= Q(
                content_type_id=content_type_id, object_id__in=[key[1] for key in keys if key[0] == content_type_id]
            )
        versions = list(
            self.get_queryset()
            .filter(which)
            .defer(*HEAVY_FIELDS)
            .prefetch_related(documents_prefetch())
            .order_by("-created_at", "-pk")
        )
        _attach_language_versions(versions)
        by_document: dict[tuple, list[PublishedVersion]] = {}
        for version in versions:
            by_document.setdefault((version.content_type_id, version.object_id), []).append(version)
        return [_with_versions(by_document[key]) for key in keys if key in by_document]

    def _refuse_parameters(self) -> None:
        """A single object's address reads no parameter (but ?format=json): a 400 naming them."""
        unknown = sorted(set(self.request.query_params) - {"format"})
        if unknown:
            raise exceptions.ValidationError(
                {name: [gettext("Unknown parameter: a single object's address reads none.")] for name in unknown[:10]}
            )

    def get_object(self):
        self._refuse_parameters()
        value = self.kwargs["id"]
        document = self._document(value)
        versions = list(
            self.get_queryset()
            .filter(content_type=ContentType.objects.get_for_model(document), object_id=document.pk)
            .defer(*HEAVY_FIELDS)
            .order_by("-created_at", "-pk")
        )
        if not versions:
            raise exceptions.NotFound(self._not_found_message(value))
        for version in versions:
            version.document = document
        _attach_language_versions(versions)
        return _with_versions(versions)

    def _document(self, value: str) -> Publishable:
        """The document named `<type>-<slug>` (1 query), whether or not this reader may read it."""
        type_name, _dash, slug = value.partition("-")
        model = document_types().get(type_name)
        document = model.with_url_data().filter(**{model.slug_lookup: slug}).first() if model else None
        if document is None:
            raise exceptions.NotFound(self._not_found_message(value))
        return document

    def _not_found_message(self, value) -> str:
        return gettext("No %(noun)s %(value)s here.") % {"noun": self.noun, "value": _shown(str(value))}

    @extend_schema(parameters=[VERSION_PARAMETER], responses=VersionDetailSerializer, filters=False)
    @action(detail=True, url_path=route_part("versions", "version"), serializer_class=VersionDetailSerializer)
    def version(self, request, *args, **kwargs):
        """One version with its text, as its page shows it (a withdrawn one: its notice, no text)."""
        return self._shared_for_anonymous(self._version_answer, request, *args, **kwargs)

    def _version_answer(self, request, *args, **kwargs):
        version = self._version()
        return Response(VersionDetailSerializer(version, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
        filters=False,
    )
    @action(
        detail=True,
        url_path=route_part("versions", "version") + "/pdf",
        url_name="version-pdf",
        renderer_classes=[RenderedJSONRenderer, PassthroughPdfRenderer],
    )
    def version_pdf(self, request, *args, **kwargs):
        """The version's stored PDF (ETag: its SHA-256), for readers who may read the version; 503 with
        Retry-After while it is being prepared; 410 once withdrawn."""
        version = self._version()
        if version.withdrawn_at is not None:
            raise Gone(gettext("This document has been withdrawn."))
        response = generated_pdf_response(request._request, version)
        response["Content-Language"] = version.language
        return response

    def _version(self) -> PublishedVersion:
        """The version named by the address among those this reader may read (language versions: in force)."""
        self._refuse_parameters()
        value = self.kwargs["id"]
        document = self._document(value)
        match = VERSION_ID.fullmatch(self.kwargs["version"])
        if match is None:
            raise exceptions.NotFound(gettext("No version %(value)s here.") % {"value": _shown(self.kwargs["version"])})
        kind = Kind.PUBLISHED if match["kind"] == "v" else Kind.CIRCULATED
        original = (
            self.get_queryset()
            .filter(
                content_type=ContentType.objects.get_for_model(document),
                object_id=document.pk,
                kind=kind,
                number=int(match["number"]),
            )
            .defer("search_text", "search_vector", "translated_texts", "source_texts")
            .first()
        )
        if original is None:
            raise exceptions.NotFound(gettext("No version %(value)s here.") % {"value": _shown(self.kwargs["version"])})
        original.document = document
        # The text of a language version only when it is the one asked for.
        wanted = match["language"]
        language_versions = (
            [] if original.withdrawn_at else list(_language_versions([original], with_html=wanted is not None))
        )
        for translated in language_versions:
            translated.document, translated.translation_of = document, original
            translated.api_language_versions = []
        if wanted is None:
            original.api_language_versions = language_versions
            return original
        for translated in language_versions:
            if translated.language == wanted:
                return translated
        raise exceptions.NotFound(gettext("No version %(value)s here.") % {"value": _shown(self.kwargs["version"])})


class Gone(exceptions.APIException):
    status_code = 410
    default_code = "gone"


class StrictFilters:
    """The base viewset's filter backends, run on the versions before they are grouped into documents."""

    def filter_queryset(self, request, queryset, view):
        for backend in view.filter_backends:
            queryset = backend().filter_queryset(request, queryset, view)
        return queryset


def _language_versions(originals: list[PublishedVersion], *, with_html: bool = False):
    versions = language_versions_in_force().filter(translation_of__in=[original.pk for original in originals])
    deferred = ("search_text", "search_vector", "translated_texts", "source_texts")
    return versions.defer(*deferred if with_html else HEAVY_FIELDS).order_by("language", "pk")


def _attach_language_versions(versions: list[PublishedVersion]) -> None:
    """Each version's language versions in force as `.api_language_versions` (none for a withdrawn one):
    one query for all."""
    by_original: dict[int, list[PublishedVersion]] = {}
    readable = [version for version in versions if version.withdrawn_at is None]
    if readable:
        by_pk = {version.pk: version for version in readable}
        for translated in _language_versions(readable):
            original = by_pk[translated.translation_of_id]
            translated.document, translated.translation_of = original.document, original
            by_original.setdefault(original.pk, []).append(translated)
    for version in versions:
        version.api_language_versions = by_original.get(version.pk, [])


def _with_versions(versions: list[PublishedVersion]) -> Publishable:
    """The versions' document with `.api_versions` (newest first) and `.api_current`: what its page shows,
    the latest published version, else the latest circulated draft."""
    document = versions[0].document
    document.api_versions = versions
    document.api_current = max(versions, key=lambda version: (version.kind == Kind.PUBLISHED, version.number))
    return document


router.register("publications", PublicationViewSet, basename="publication")
