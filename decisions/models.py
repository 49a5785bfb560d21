import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import long_date
from core.file_names import safe_file_stem
from core.ordered_tree import OrderedTreeNode
from core.symbols import parse_symbol, validate_symbol
from meetings.models import Meeting
from publishing.generated import GeneratedPdf
from publishing.models import CommentTarget, Publishable, PublishedVersion, VersionAlternate


class Decision(Publishable):
    """A decision document (a draft decision or recommendation) for a Meeting of States Parties."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNDER_CONSULTATION = "under_consultation", _("Under consultation")
        ADOPTED = "adopted", _("Adopted")
        WITHDRAWN = "withdrawn", pgettext_lazy("decision status", "Withdrawn")

    symbol = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_symbol],
        help_text=_("e.g. CCM/MSP/2011/WP.3/Rev.1. May stay empty while the draft has no symbol yet."),
        verbose_name=_("symbol"),
    )
    title = models.CharField(max_length=500, verbose_name=_("title"))
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    heading = models.CharField(
        max_length=300,
        blank=True,
        help_text=_('The line above the title, e.g. "Draft decisions and recommendations for consultations".'),
        verbose_name=_("heading"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The Meeting of States Parties the decision is for."),
        verbose_name=_("meeting"),
    )
    agenda_item = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('The title block\'s agenda line, e.g. "Item 10 of the provisional agenda".'),
        verbose_name=_("agenda item"),
    )
    # How far the negotiation is; who may read it is the separate publication
    # state: an adopted decision may still wait for publication, and a draft
    # may be published for consultations.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    # Set by decision_adopt only; an adopted decision's text is frozen.
    adopted_at_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_decisions",
        editable=False,
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(null=True, blank=True, editable=False, verbose_name=_("adopted on"))

    history = HistoricalRecords()

    document_template = "decisions/decision_document.html"
    url_prefix = "decisions:decision"
    slug_lookup = "slug"

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                Upper("symbol"),
                condition=~models.Q(symbol=""),
                name="decisions_decision_unique_symbol",
                violation_error_message=_("A decision with this symbol already exists."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="adopted", adopted_on__isnull=False, adopted_at_meeting__isnull=False)
                    | (~models.Q(status="adopted") & models.Q(adopted_on__isnull=True, adopted_at_meeting__isnull=True))
                ),
                name="decisions_decision_adoption_recorded",
                violation_error_message=_(
                    "An adopted decision records the meeting and date of adoption; a draft has neither."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.symbol}: {self.title}" if self.symbol else self.title

    @property
    def slug_value(self) -> str:
        return self.slug

    @property
    def reference(self) -> str:
        return self.symbol or self.title

    @property
    def document_date(self):
        """The date of adoption for the adopted text; a draft is dated the day it goes out."""
        return self.adopted_on if self.is_adopted else timezone.localdate()

    @property
    def adoption_statement(self) -> str:
        """ "adopted at the Second Meeting of States Parties, 16 September 2011"; empty for a draft."""
        if not self.is_adopted:
            return ""
        return gettext("adopted at the %(meeting)s, %(date)s") % {
            "meeting": self.adopted_at_meeting.title,
            "date": long_date(self.adopted_on),
        }

    @property
    def version_status_note(self) -> str:
        return self.adoption_statement

    @property
    def is_draft(self) -> bool:
        """Not adopted (a draft, under consultation or withdrawn): printed under a DRAFT heading,
        as the seed is, with its open points marked, and DRAFT on every page (is_final_text)."""
        return not self.is_adopted

    @property
    def is_final_text(self) -> bool:
        return not self.is_draft

    def title_block_meeting_lines(self) -> list[str]:
        meeting = self.adopted_at_meeting or self.meeting
        lines = [meeting.title, meeting.place_and_dates] if meeting else []
        return [*lines, self.agenda_item] if self.agenda_item else lines

    def document_context(self) -> dict:
        from decisions.selectors import paragraph_tree

        return {"decision": self, "paragraphs": paragraph_tree(self)}

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def is_under_consultation(self) -> bool:
        return self.status == self.Status.UNDER_CONSULTATION

    def reader_links(self, *, reads_circulated: bool) -> list[tuple[str, str]]:
        """Every reader: the rounds and their changes; Friends, post holders and staff: comments on a draft."""
        links = [(gettext("Revisions and changes"), self.get_revisions_url())]
        if reads_circulated and self.is_under_consultation:
            links.append((gettext("Comment on this draft"), self.get_comments_url()))
        return links

    # ---- comments (publishing.Comment): on the paragraphs of the round under consultation
    comment_target_noun = _("paragraph")
    comments_closed_message = _("This draft is no longer under consultation: comments are closed.")

    @property
    def comments_open(self) -> bool:
        return self.is_under_consultation

    def comment_version(self):
        """The latest round's version (circulated, or published for a public draft), its round cached on it."""
        revision = self.revisions.select_related("version").order_by("-number").first()
        return revision.version if revision else None

    def comment_targets(self, version) -> list[CommentTarget]:
        from decisions.revisions import frozen_paragraphs

        revision = version.decision_revision  # cached when comment_version() loaded it
        return [
            CommentTarget(key=p.key, label=p.full_number, order=p.order, text=p.text)
            for p in frozen_paragraphs(revision.paragraphs)
        ]

    # ---- language versions (decisions/translations.py)

    def translation_parts(self, version):
        from decisions.translations import translation_parts

        return translation_parts(self, version)

    def translated_document_context(self, version, texts):
        from decisions.translations import translated_context

        return translated_context(self, version, texts)

    def translated_version_title(self, version, texts):
        title = texts.get("title", self.title)
        return f"{version.symbol}: {title}" if version.symbol else title

    def translation_texts_from_file(self, version, *, name, content):
        from decisions.translations import texts_from_file

        return texts_from_file(self, version, name=name, content=content)

    def version_label(self, version) -> str:
        """The round's label: its symbol, else "Original" / "Revision 2"."""
        revision = version.decision_revision  # cached when comment_version() loaded it
        return revision.label

    def version_alternates(self, version) -> list[VersionAlternate]:
        """Every version's text as Akoma Ntoso XML (decisions/akoma_ntoso.py), at the address in the
        version's own language: the XML of the text the page shows."""
        from decisions.akoma_ntoso import AKN_MEDIA_TYPE

        name = "version" if version.kind == PublishedVersion.Kind.PUBLISHED else "draft"
        with translation.override(version.language):
            url = reverse(f"decisions:decision_{name}_akn", kwargs={"slug": self.slug, "number": version.number})
        return [
            VersionAlternate(
                label=gettext("Akoma Ntoso XML"), url=url, media_type=AKN_MEDIA_TYPE, language=version.language
            )
        ]

    def get_revisions_url(self):
        return reverse("decisions:revision_list", kwargs={"slug": self.slug})

    def get_comments_url(self):
        return reverse("decisions:comment_list", kwargs={"slug": self.slug})

    @property
    def revision_number(self) -> int:
        """1 for /Rev.1; 0 for the original or a document without symbol."""
        return parse_symbol(self.symbol).revision if self.symbol else 0

    @property
    def amendment_number(self) -> int:
        return parse_symbol(self.symbol).amendment if self.symbol else 0


class Paragraph(OrderedTreeNode):
    """A paragraph of a decision; sub-paragraphs hang below it. Its number is computed."""

    class ListStyle(models.TextChoices):
        NUMBERED = "numbered", _("Numbered (a), i) ...)")
        BULLETED = "bulleted", _("Bulleted")

    owner_field = "decision"
    other_owner_message = _("The parent must belong to the same decision.")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("decision")
    )
    # Comments and redlines follow a paragraph by this key, not by its number,
    # which changes whenever a paragraph is inserted before it.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("key"))
    text = models.TextField(
        help_text=_("The paragraph's text, before any sub-paragraphs. *Italics* mark stand-ins."),
        verbose_name=_("text"),
    )
    closing_text = models.TextField(
        blank=True,
        help_text=_('Text that follows the sub-paragraphs, if any (e.g. "each led by ...").'),
        verbose_name=_("closing text"),
    )
    list_style = models.CharField(
        _("sub-paragraphs"),
        max_length=10,
        choices=ListStyle.choices,
        default=ListStyle.NUMBERED,
        help_text=_("How this paragraph's sub-paragraphs are marked."),
    )
    continues_numbering = models.BooleanField(
        _("continue numbering"),
        default=False,
        help_text=_("Number the sub-paragraphs on from the previous paragraph's (vii) after vi))."),
    )

    history = HistoricalRecords()

    class Meta(OrderedTreeNode.Meta):
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        # The decision page loads all paragraphs of one decision in order.
        indexes = [models.Index(fields=["decision", "position"], name="decisions_paragraph_order_idx")]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}…"


class Revision(models.Model):
    """One round of a draft as it went out for consultation: its symbol and its paragraph tree, frozen."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("decision")
    )
    number = models.PositiveIntegerField(
        help_text=_("0 for the original, 1 for /Rev.1, 2 for /Rev.2 ...; the adopted text is the last round."),
        verbose_name=_("number"),
    )
    symbol = models.CharField(max_length=100, blank=True, verbose_name=_("symbol"))
    # [{"key", "parent", "position", "text", "closing_text", "list_style", "continues_numbering"}, ...]
    # in reading order; parents are paragraph keys. See decisions/revisions.py.
    paragraphs = models.JSONField(verbose_name=_("paragraphs"))
    # The circulated (or, for a public draft, published) version this round went out as.
    version = models.OneToOneField(
        PublishedVersion, on_delete=models.PROTECT, related_name="decision_revision", verbose_name=_("version")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="decisions_revision_unique_number"),
        ]

    def __str__(self):
        return f"{self.decision.title}, {self.label}"

    @property
    def label(self) -> str:
        """What the round is called: the symbol with its suffix, else "Original" / "Revision 2"."""
        if self.symbol:
            return self.symbol
        return gettext("Revision %(number)s") % {"number": self.number} if self.number else gettext("Original")


def redline_pdf_path(redline: "RedlinePdf", filename: str) -> str:
    """Named by migration 0003; the path now comes from RedlinePdf.pdf_path."""
    return redline.pdf_path(filename)


class RedlinePdf(GeneratedPdf):
    """The PDF redline of two revisions: both are frozen, so it is rendered once and kept."""

    older = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+", verbose_name=_("older"))
    newer = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+", verbose_name=_("newer"))

    class Meta:
        verbose_name = _("redline pdf")
        verbose_name_plural = _("redline pdfs")
        constraints = [models.UniqueConstraint(fields=["older", "newer"], name="decisions_redline_unique_pair")]

    def pdf_path(self, filename: str) -> str:
        return f"redlines/decision/{self.older.decision_id}/{filename}"

    def pdf_source(self) -> str:
        from decisions.redline_pdf import redline_print_html  # it renders this module's models

        # In the decision's language, whoever's request or task renders it: the source must not
        # depend on the language active then (it is compared to decide whether to render again).
        with translation.override(self.newer.decision.original_language):
            return redline_print_html(older=self.older, newer=self.newer)

    @property
    def pdf_download_name(self) -> str:
        """e.g. CCM-MSP-2011-WP.9-Rev.1_redline_0-1.pdf, named after the newer round's own symbol."""
        return f"{safe_file_stem(self.newer.label)}_redline_{self.older.number}-{self.newer.number}.pdf"

    def __str__(self):
        return gettext("Redline %(older)s → %(newer)s") % {"older": self.older.label, "newer": self.newer.label}
