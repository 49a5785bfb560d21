import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import addresses
from core.dates import long_date
from core.file_names import safe_file_stem
from core.model_classes import concrete_subclasses
from core.stored_files import PUBLIC_AREA, is_on_filesystem, is_public_name
from publishing.generated import GeneratedPdf


def language_name(code: str) -> str:
    """A language's own name ("Français"), as language switchers name languages."""
    return translation.get_language_info(code)["name_local"].capitalize()


class PublicationState(models.TextChoices):
    """Who may read a document: internal → circulated (Friends) → public, or withdrawn."""

    INTERNAL = "internal", _("Internal draft")
    CIRCULATED = "circulated", _("Circulated to Friends for comments")
    PUBLIC = "public", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Distribution(models.TextChoices):
    """Who a document is distributed to, as the title block says (UN practice)."""

    GENERAL = "general", _("General")
    LIMITED = "limited", _("Limited")


class OriginalLanguage(models.TextChoices):
    """The language a document was written in: "Original: English" in its title block."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


class Publishable(models.Model):
    """A document that goes through the publishing workflow (minutes, agendas, decisions).

    The publishing layer knows no document type: each one implements these hooks,
    and publishing does the rest (versions, workflow, pages, PDFs, search, feed).

    Required:
    - `document_template`: the template of the document's body, frozen into each
      version and wrapped by both the page and the PDF;
    - `document_context()`: that template's context;
    - `url_prefix`: the URL names `<prefix>`, `<prefix>_version`, `<prefix>_version_pdf`,
      `<prefix>_draft`, `<prefix>_draft_pdf` (publishing.urls.document_urlpatterns);
    - `slug_lookup` and `slug_value`: how a URL's slug finds the document;
    - `reference`: what identifies it in a running header and a file name (symbol);
    - `symbol`: its document symbol (CCM/MSP/2011/WP.3), or empty;
    - `document_date`: the date a version is dated.
    Optional: `is_final_text` (False: every page of every version says DRAFT),
    `title_block_meeting_lines()` (the meeting and agenda item lines of the title
    block), `document_date_label` (tentative dates in words), `version_status_note`
    ("adopted at …", frozen with the version), `reader_links()` (extra links on a
    version's page), `version_alternates()` (a version's text in other formats, linked from its
    page), `with_url_data()` (what URLs need, loaded with the documents).
    The workflow steps (circulate, publish, withdraw) are declared on the type's
    ModelAdmin (`workflow_steps`, publishing/admin.py): a decision replaces circulate
    and publish with issuing its next round. Steps of a type's own (a decision's
    adoption) are its admin's pages.
    """

    publication_state = models.CharField(
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.INTERNAL,
        editable=False,
        help_text=_("Changed only by the Circulate, Publish and Withdraw actions."),
        verbose_name=_("publication state"),
    )
    # PublishedVersion.objects.filter(minutes=...) / (decision=...) query through these.
    versions = GenericRelation("publishing.PublishedVersion", related_query_name="%(class)s")
    publication_events = GenericRelation("publishing.PublicationEvent")
    # Comments on its circulated versions (publishing.Comment); Comment.objects.filter(minutes=...).
    comments = GenericRelation("publishing.Comment", related_query_name="%(class)s")
    # The title block (publishing/_title_block.html) prints these with the symbol and date.
    distribution = models.CharField(
        max_length=10, choices=Distribution.choices, default=Distribution.GENERAL, verbose_name=_("distribution")
    )
    original_language = models.CharField(
        max_length=2,
        choices=OriginalLanguage.choices,
        default=OriginalLanguage.ENGLISH,
        help_text=_('The language the text was written in: "Original: English".'),
        verbose_name=_("original language"),
    )

    document_template: str
    url_prefix: str
    slug_lookup: str  # the filter that finds a document by the slug in its URL

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.url_prefix, kwargs={"slug": self.slug_value})

    @property
    def slug_value(self) -> str:
        raise NotImplementedError

    @property
    def reference(self) -> str:
        """What identifies the document in a running header and a file name."""
        raise NotImplementedError

    @property
    def document_date(self) -> datetime.date:
        raise NotImplementedError

    @property
    def document_date_label(self) -> str:
        """Words for a date not fixed yet ("end of January / beginning of February 2011"); empty when exact."""
        return ""

    @property
    def version_status_note(self) -> str:
        """What a version says of the document's standing when frozen, e.g. "adopted"; empty for most."""
        return ""

    @property
    def is_final_text(self) -> bool:
        """Whether a published version is the final text. A decision is final once adopted:
        until then every page of every version of it says DRAFT, as circulated drafts do."""
        return True

    def title_block_meeting_lines(self) -> list[str]:
        """The title block's lines under the symbol: the meeting, its place and dates, the agenda item."""
        return []

    @property
    def title_block(self) -> "TitleBlock":
        """What identifies the document at the top of its first page, as a UN secretariat issues it."""
        # A language version is dated as the version it translates, whenever it is made.
        translated = getattr(self, "translating_version", None)
        return TitleBlock(
            symbol=translated.symbol if translated is not None else self.symbol,
            distribution=self.get_distribution_display(),
            date=(getattr(self, "translated_date_label", "") or translated.printed_date)
            if translated is not None
            else self.document_date_label or long_date(self.document_date),
            original_language=self.get_original_language_display(),
            meeting_lines=self.title_block_meeting_lines(),
        )

    def document_context(self) -> dict:
        raise NotImplementedError

    def reader_links(self, *, reads_circulated: bool) -> list[tuple[str, str]]:
        """Links a version's page offers besides the PDF, as (label, URL); `reads_circulated`
        says whether the reader reads circulated drafts."""
        return []

    def version_alternates(self, version: "PublishedVersion") -> list["VersionAlternate"]:
        """The text of `version` (the one a page shows) in formats besides its page and PDF, linked from the
        page and its head (<link rel="alternate">); decisions: Akoma Ntoso XML. Empty for most types."""
        return []

    # ---- language versions (publishing/translations.py)

    def translation_parts(self, version: "PublishedVersion") -> list["TranslationPart"]:
        """What a translator translates to make a language version of `version` (the original's
        text as that version froze it); empty: the type has no language versions."""
        return []

    def translated_document_context(self, version: "PublishedVersion", texts: dict[str, str]) -> dict:
        """The document template's context for `version` with each part's text replaced by `texts`
        (keys of translation_parts); rendered under the translation's language."""
        raise NotImplementedError

    def translated_version_title(self, version: "PublishedVersion", texts: dict[str, str]) -> str:
        """A language version's title (as `str(document)` words the original's), in its language."""
        return texts.get("title") or version.title

    def translated_reference(self, version: "PublishedVersion", texts: dict[str, str]) -> str:
        """What names a language version in its running header and file name: the symbol, else
        its title in its language (called in that language)."""
        return version.symbol or texts.get("title") or version.reference

    def translation_texts_from_file(self, version: "PublishedVersion", *, name: str, content: bytes) -> dict:
        """A translation of `version` read from an uploaded file, as texts by part key; a type that
        imports its text (decisions: .txt, .docx) reads its translations the same way. Raises
        ValidationError saying what does not match; NotImplementedError: the type has no import."""
        raise NotImplementedError

    # ---- comments (publishing.Comment, publishing/comments.py)
    # What a comment's target is called: "paragraph" (decisions), "section" (minutes), "item" (agendas).
    comment_target_noun = _("part")
    comments_closed_message = _("This text is no longer a circulated draft: comments are closed.")

    @property
    def comments_open(self) -> bool:
        """Whether readers of circulated drafts may comment now (minutes: circulated, not yet published)."""
        return False

    def comment_version(self) -> "PublishedVersion | None":
        """The version comments go to now (or went to last): a decision's latest round, else the latest
        circulated draft. None: never circulated."""
        return self.versions.filter(kind=PublishedVersion.Kind.CIRCULATED).order_by("-number").first()

    def comment_targets(self, version: "PublishedVersion") -> list["CommentTarget"]:
        """What a reader may comment on in `version`, in reading order: its paragraphs, sections, items."""
        return []

    def version_label(self, version: "PublishedVersion") -> str:
        """How comments name a version: its symbol, else "draft 2" / "version 1"."""
        return version.label

    def get_comments_url(self) -> str:
        return reverse(f"{self.url_prefix}_comments", kwargs={"slug": self.slug_value})

    def get_comments_admin_url(self) -> str:
        """The comment admin's list of this document's comments, for staff to triage."""
        content_type = ContentType.objects.get_for_model(self)
        changelist = reverse("admin:publishing_comment_changelist")
        return f"{changelist}?content_type__id__exact={content_type.pk}&object_id={self.pk}"

    @property
    def is_public_now(self) -> bool:
        return self.publication_state == PublicationState.PUBLIC

    # A draft is circulated from these states only: a published (or withdrawn) text is corrected by
    # publishing version N+1, never by a draft (publishing.services.document_circulate).
    CIRCULATED_FROM = frozenset({PublicationState.INTERNAL, PublicationState.CIRCULATED})

    @property
    def may_be_circulated(self) -> bool:
        return self.publication_state in self.CIRCULATED_FROM

    @classmethod
    def with_url_data(cls) -> models.QuerySet:
        """Documents loaded with what their URLs need (minutes: their meeting)."""
        return cls.objects.all()

    def validate_unique(self, exclude=None):
        """A symbol names one document whatever its type (each type's constraint covers its own)."""
        super().validate_unique(exclude=exclude)
        if not self.symbol or (exclude and "symbol" in exclude):
            return
        for model in Publishable.publishable_models():
            if model is type(self):
                continue
            holder = model.objects.filter(symbol__iexact=self.symbol).first()
            if holder is not None:
                raise ValidationError(
                    {
                        "symbol": gettext("%(symbol)s is already the symbol of %(model)s “%(holder)s”.")
                        % {"symbol": self.symbol, "model": model._meta.verbose_name, "holder": holder}
                    }
                )

    @classmethod
    def publishable_models(cls) -> list[type["Publishable"]]:
        """Every concrete document model, however deep below Publishable."""
        return concrete_subclasses(cls)


@dataclass(frozen=True)
class TitleBlock:
    symbol: str
    distribution: str
    date: str
    original_language: str
    meeting_lines: list[str]


@dataclass(frozen=True)
class VersionAlternate:
    """A version's text in another format, at its own address (Publishable.version_alternates)."""

    label: str  # what the link says, in the reader's language: "Akoma Ntoso XML"
    url: str
    media_type: str
    language: str  # the language of the text at `url`


@dataclass(frozen=True)
class TranslationPart:
    """One piece of a version's text a translator translates: its title, a paragraph, a section's heading.

    `key` is stable across languages (a paragraph's key, "title", "<section key>:heading"), so a
    language version is the original's structure with each part's text in the other language.
    """

    key: str
    label: str  # where it is in the original, e.g. "2. b)", "Section “Universalization”: heading"
    text: str  # the original's text (Markdown where the original is)
    multiline: bool = True


@dataclass
class CommentTarget:
    """One thing of a version a reader may comment on.

    `key` is stable across versions (a paragraph's or section's key, "summary", "action-point-<pk>"),
    so a comment follows its target into the next version; `label` names it as that version does
    ("2. b)", "Summary"); `order` is its place in reading order.
    """

    key: str
    label: str
    order: int
    text: str = ""
    comments: list = field(default_factory=list)  # those the reader may see, attached by the comments page


def version_pdf_path(version: "PublishedVersion", filename: str) -> str:
    """Named by migration 0001; the path now comes from PublishedVersion.pdf_path."""
    return version.pdf_path(filename)


class OriginalVersions(models.Manager):
    """Versions in the document's own language: what the workflow, the version lists, comparisons,
    redlines and comments work on. Language versions hang off them (`translations`)."""

    def get_queryset(self):
        return super().get_queryset().filter(translation_of__isnull=True)


class PublishedVersion(GeneratedPdf):
    """A frozen rendering of a document as circulated or published: HTML now, PDF once rendered.

    Its HTML never changes after creation; a correction is a new version.

    A language version (a translation) is a PublishedVersion too, frozen the same way with its own
    PDF, under the same symbol, number and kind as the original version it translates
    (`translation_of`). `objects` holds the originals only; `in_all_languages` holds both. Reverse
    managers (`document.versions`, `version.translations`) are built on `objects`: query language
    versions through `in_all_languages`. `dumpdata` needs `--all` to include them.
    """

    class Kind(models.TextChoices):
        CIRCULATED = "circulated", _("Circulated draft")
        PUBLISHED = "published", _("Published version")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    document = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    number = models.PositiveIntegerField(help_text=_("1, 2, 3... per document and kind."), verbose_name=_("number"))
    title = models.CharField(max_length=500, verbose_name=_("title"))
    reference = models.CharField(
        max_length=300, help_text=_("Symbol, or meeting and date."), verbose_name=_("reference")
    )
    symbol = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The document symbol as this version froze it."),
        verbose_name=_("symbol"),
    )
    # True for circulated drafts and for every version of a text not final (a decision
    # before adoption): each page of its PDF says DRAFT.
    marked_draft = models.BooleanField(default=False, verbose_name=_("marked draft"))
    document_date = models.DateField(verbose_name=_("document date"))
    # The words of a tentative date ("end of January / beginning of February 2011"),
    # printed in headers and file names instead of document_date; empty when exact.
    date_label = models.CharField(max_length=200, blank=True, verbose_name=_("date label"))
    # The document's standing as this version froze it ("adopted"), for the feed and lists.
    status_note = models.CharField(max_length=200, blank=True, verbose_name=_("status note"))
    language = models.CharField(
        max_length=10, default="en", choices=OriginalLanguage.choices, verbose_name=_("language")
    )
    # A language version: the original version it translates (same kind and number), else null.
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    # A language version's texts by part key (Publishable.translation_parts), as entered, and the
    # original's text of each part as it was translated.
    translated_texts = models.JSONField(null=True, blank=True, editable=False, verbose_name=_("translated texts"))
    source_texts = models.JSONField(null=True, blank=True, editable=False, verbose_name=_("source texts"))
    html = models.TextField(help_text=_("The rendered document, frozen."), verbose_name=_("html"))
    search_text = models.TextField(
        help_text=_("The document's text, for full-text search."), verbose_name=_("search text")
    )
    # PostgreSQL only: the weighted search vector (title A, text B), computed once
    # when the version is frozen and indexed (GIN, migration 0002).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Set when a later version of the same kind is published.
    superseded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("superseded at"))
    # Set on every version the document had when it was withdrawn; kept when a correction
    # is published later, so the withdrawn text never comes back.
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))

    objects = OriginalVersions()
    in_all_languages = models.Manager()

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        # Related objects (a comment's version, a revision's) are reached in any language.
        base_manager_name = "in_all_languages"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "number"],
                condition=models.Q(translation_of__isnull=True),
                name="publishing_version_unique_number",
            ),
            # One current language version of a version per language; a corrected one supersedes it.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False, superseded_at__isnull=True),
                name="publishing_one_current_translation",
            ),
        ]
        indexes = [
            # A document's versions, newest first (document pages, version lists).
            models.Index(fields=["content_type", "object_id", "kind", "-number"], name="publishing_version_doc_idx"),
            # The current public versions: home page, feed, search.
            models.Index(
                fields=["kind", "superseded_at", "withdrawn_at", "-created_at"], name="publishing_current_idx"
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.CIRCULATED:
            return gettext("%(title)s, draft %(number)s") % {"title": self.title, "number": self.number}
        return gettext("%(title)s, version %(number)s") % {"title": self.title, "number": self.number}

    def get_absolute_url(self):
        return self._url("")

    def pdf_path(self, filename: str) -> str:
        """A published version's PDF goes to the public area (core/stored_files.py), under a name that
        changes with its content, so a URL never serves other bytes; every other PDF stays private."""
        if self.kind == self.Kind.PUBLISHED and self.withdrawn_at is None and self.pdf_sha256:
            return f"{PUBLIC_AREA}pdf/{self.pdf_sha256[:16]}/{filename}"
        return self.private_pdf_path(filename)

    def private_pdf_path(self, filename: str) -> str:
        return f"publications/{self.content_type.model}/{self.object_id}/{filename}"

    @property
    def pdf_is_public(self) -> bool:
        """Its PDF may be read by anyone at its public URL, served without the portal."""
        return (
            self.kind == self.Kind.PUBLISHED
            and self.withdrawn_at is None
            and is_public_name(self.pdf.name)
            and is_on_filesystem(self.pdf)
        )

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    @property
    def is_outdated(self) -> bool:
        """A language version of an original that has a newer version since: its text may be behind."""
        return self.translation_of_id is not None and self.translation_of.superseded_at is not None

    @property
    def label(self) -> str:
        """What comments call the version: its symbol, else "draft 2" / "version 1"."""
        if self.symbol:
            return self.symbol
        if self.kind == self.Kind.CIRCULATED:
            return gettext("draft %(number)s") % {"number": self.number}
        return gettext("version %(number)s") % {"number": self.number}

    @property
    def is_draft(self) -> bool:
        """Circulated to the Friends, marked DRAFT; not a published version."""
        return self.kind == self.Kind.CIRCULATED

    @property
    def slug_value(self) -> str:
        return self.document.slug_value

    def _url(self, suffix: str) -> str:
        # A language version lives at the original's address in its language (/fr/..., /es/...).
        language = None if self.translation_of_id is None else self.language
        return self.address(
            self.document.url_prefix,
            self.slug_value,
            kind=self.kind,
            number=self.number,
            language=language,
            suffix=suffix,
        )

    @classmethod
    def address(
        cls, url_prefix: str, slug: str, *, kind: str, number: int, language: str | None = None, suffix: str = ""
    ) -> str:
        """The address of version or draft `number` of the document at (`url_prefix`, `slug`), in `language`
        (/fr/..., /es/...), else in the current language; `suffix` "_pdf" for its PDF. From the values alone,
        for lists that load no version or document as a model (search)."""
        name = "version" if kind == cls.Kind.PUBLISHED else "draft"
        return addresses.address(f"{url_prefix}_{name}{suffix}", language=language, slug=slug, number=number)

    def get_pdf_url(self):
        """The public file when there is one (nginx sends it, no query, no Python); else the portal's view,
        which checks access (drafts, files stored before the public area, object storage's redirect)."""
        # A reader of another language goes through the view, which gives them the language version if
        # there is one (asking here would cost a query on every list).
        if self.pdf_is_public and translation.get_language() == self.language:
            return self.pdf.url
        return self.get_pdf_view_url()

    def get_pdf_view_url(self):
        """The portal's address of the PDF (…/v1.pdf, …/draft-1.pdf): it keeps working for every version."""
        return self._url("_pdf")

    def get_url_in_its_language(self) -> str:
        """The version's address in the language it is written in (search hits, the languages list):
        there the reader of any language gets this text, not another language version of it."""
        return self.address(
            self.document.url_prefix, self.slug_value, kind=self.kind, number=self.number, language=self.language
        )

    @property
    def language_name(self) -> str:
        """The language's own name ("Français"), as language switchers name languages."""
        return language_name(self.language)

    def pdf_source(self) -> str:
        """The frozen HTML in the print layout (A4, running header, page x of y): the PDF's source,
        in the version's language (its page furniture and dates too)."""
        with translation.override(self.language):
            return render_to_string("pdf/document.html", {"version": self, "draft": self.marked_draft})

    @property
    def pdf_download_name(self) -> str:
        return self.pdf_filename

    @property
    def pdf_filename(self) -> str:
        """e.g. CCM-MSP-2011-WP.3-Rev.1_2011-09-16_v2.pdf, Minutes-Friends-of-the-President-meeting_2010-11-30_v1.pdf."""
        stem = safe_file_stem(self.reference)
        label = "draft" if self.kind == self.Kind.CIRCULATED else "v"
        language = f"_{self.language}" if self.translation_of_id else ""
        return f"{stem}_{self.file_date}_{label}{self.number}{language}.pdf"

    @property
    def printed_date(self) -> str:
        return self.date_label or long_date(self.document_date)

    @property
    def running_header(self) -> str:
        """One line at the top of every page after the first: the symbol, else the reference."""
        return self.symbol or self.reference

    @property
    def file_date(self) -> str:
        """2011-09-16, or the tentative words made safe ("end-of-January-beginning-of-February-2011")."""
        if self.date_label:
            return safe_file_stem(self.date_label)
        return f"{self.document_date:%Y-%m-%d}"


class PublicationEvent(models.Model):
    """One step of the workflow: who moved which document from which state to which, and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    document = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(max_length=20, choices=PublicationState.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=20, choices=PublicationState.choices, verbose_name=_("to state"))
    at = models.DateTimeField(verbose_name=_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    version = models.ForeignKey(
        PublishedVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("version")
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    # Set on a circulation: the day comments are due. The Friends are told it with the draft and
    # reminded two days before it (notifications); empty: no deadline was set.
    comments_deadline = models.DateField(
        null=True,
        blank=True,
        help_text=_("Optional: the last day for comments on the circulated draft."),
        verbose_name=_("deadline for comments"),
    )

    class Meta:
        verbose_name = _("publication event")
        verbose_name_plural = _("publication events")
        ordering = ["-at", "-pk"]
        # A document's history, newest first.
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="publishing_event_doc_idx")]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()} ({self.at:%Y-%m-%d %H:%M})"


class Comment(models.Model):
    """A reader's comment on one part (paragraph, section, item) of a circulated version of a document.

    Every document type takes comments here: the type says what a version's targets are and whether
    comments are open (Publishable's comment hooks). The target is kept by its stable key, so a
    comment follows it into later versions; staff triage comments, and the next version circulated
    or published records which ones it answers.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Not yet considered")
        TAKEN_UP = "taken_up", _("Taken up")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    document = GenericForeignKey("content_type", "object_id")
    version = models.ForeignKey(
        PublishedVersion,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text=_("The version commented on."),
        verbose_name=_("version"),
    )
    # The target by its stable key: the comment stays with it when it is renumbered or the text revised.
    target_key = models.CharField(max_length=100, verbose_name=_("target key"))
    target_label = models.CharField(
        max_length=200,
        help_text=_('As that version names it, e.g. "2. b)", "3., second bullet", "Summary".'),
        verbose_name=_("target label"),
    )
    target_order = models.PositiveIntegerField(
        help_text=_("Its place in that version's reading order."), verbose_name=_("target order")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_comments", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), max_length=5000)
    proposed_wording = models.TextField(
        blank=True,
        max_length=5000,
        help_text=_("Replacement wording for the part commented on, if you propose one."),
        verbose_name=_("proposed wording"),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, verbose_name=_("status"))
    response = models.TextField(
        blank=True, help_text=_("The secretariat's answer, shown to the author."), verbose_name=_("response")
    )
    answered_in = models.ForeignKey(
        PublishedVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_comments",
        help_text=_("The first version circulated or published after the comment was taken up or not."),
        verbose_name=_("answered in"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name=_("created at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["content_type", "object_id", "target_order", "created_at", "pk"]
        # The comments page and the admin list a document's comments part by part.
        indexes = [
            models.Index(fields=["content_type", "object_id", "target_order"], name="publishing_comment_doc_idx")
        ]

    def __str__(self):
        return gettext("Comment on %(target)s by %(author)s") % {"target": self.target_label, "author": self.author}

    def clean(self):
        # Its author reads the status: "Not taken up" without a reason tells them nothing.
        # Not tied to the response field: the changelist edits the status alone, and a model error
        # on a field its form lacks would be a server error there.
        if self.status == self.Status.NOT_TAKEN_UP and not self.response.strip():
            raise ValidationError(gettext("Say why it is not taken up (the answer): the author reads it."))
