import uuid

from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccm_portal.ordered_tree import OrderedTreeNode
from ccm_portal.publishing.models import Publishable
from decisions.symbols import parse_symbol, validate_symbol
from meetings.models import Meeting


class Decision(Publishable):
    """A decision document (a draft decision or recommendation) for a Meeting of States Parties."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        UNDER_CONSULTATION = "under_consultation", "Under consultation"
        ADOPTED = "adopted", "Adopted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    symbol = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_symbol],
        help_text="e.g. CCM/MSP/2011/WP.3/Rev.1. May stay empty while the draft has no symbol yet.",
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True)
    heading = models.CharField(
        max_length=300,
        blank=True,
        help_text='The line above the title, e.g. "Draft decisions and recommendations for consultations".',
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The Meeting of States Parties the decision is for.",
    )
    # How far the negotiation is; who may read it is the separate publication
    # state: an adopted decision may still wait for publication, and a draft
    # may be published for consultations.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    history = HistoricalRecords()

    document_template = "publishing/decision_document.html"
    url_prefix = "decisions:decision"
    slug_lookup = "slug"

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                Upper("symbol"),
                condition=~models.Q(symbol=""),
                name="decisions_decision_unique_symbol",
                violation_error_message="A decision with this symbol already exists.",
            )
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
        return timezone.localdate()

    @property
    def is_draft(self) -> bool:
        """Not yet adopted: printed under a DRAFT heading, as the seed is."""
        return self.status in {self.Status.DRAFT, self.Status.UNDER_CONSULTATION}

    def document_context(self) -> dict:
        from decisions.selectors import paragraph_tree

        return {"decision": self, "paragraphs": paragraph_tree(self)}

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
        NUMBERED = "numbered", "Numbered (a), i) ...)"
        BULLETED = "bulleted", "Bulleted"

    owner_field = "decision"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="paragraphs")
    # Comments and redlines follow a paragraph by this key, not by its number,
    # which changes whenever a paragraph is inserted before it.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.TextField(help_text="The paragraph's text, before any sub-paragraphs. *Italics* mark stand-ins.")
    closing_text = models.TextField(
        blank=True, help_text='Text that follows the sub-paragraphs, if any (e.g. "each led by ...").'
    )
    list_style = models.CharField(
        "sub-paragraphs",
        max_length=10,
        choices=ListStyle.choices,
        default=ListStyle.NUMBERED,
        help_text="How this paragraph's sub-paragraphs are marked.",
    )
    continues_numbering = models.BooleanField(
        "continue numbering",
        default=False,
        help_text="Number the sub-paragraphs on from the previous paragraph's (vii) after vi)).",
    )

    history = HistoricalRecords()

    class Meta(OrderedTreeNode.Meta):
        # The decision page loads all paragraphs of one decision in order.
        indexes = [models.Index(fields=["decision", "position"], name="decisions_paragraph_order_idx")]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}…"
