import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Country, Person
from core.dates import date_range
from core.file_names import safe_file_stem
from core.ordered_tree import OrderedTreeNode
from core.symbols import validate_symbol
from core.uploads import uploaded_content_type, validate_document_file
from meetings.due_dates import due_date_from_text
from publishing.comments import keys_in_version
from publishing.generated import GeneratedPdf
from publishing.models import CommentTarget, PublicationState, Publishable, PublishedVersion
from workgroups.models import WorkingGroup

# The years a meeting, a list or a calendar page can be about: the Convention was adopted in 2008.
FIRST_YEAR, LAST_YEAR = 2008, 2100


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    RUSSIAN = "ru", _("Russian")


def validate_languages(value):
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(gettext("Languages must be a list of language codes."))
    unknown = sorted(set(value) - set(Language.values))
    if unknown:
        raise ValidationError(
            ngettext("Unknown language code: %(codes)s.", "Unknown language codes: %(codes)s.", len(unknown))
            % {"codes": ", ".join(unknown)}
        )


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(gettext('"%(value)s" is not a time zone name such as Europe/Zurich.') % {"value": value})


class Meeting(models.Model):
    """A meeting of the work programme: an MSP, an intersessional meeting, a Friends meeting..."""

    class Kind(models.TextChoices):
        MSP = "msp", _("Meeting of States Parties")
        INTERSESSIONAL = "intersessional", _("Intersessional meeting")
        FRIENDS = "friends", _("Friends meeting")  # as the seed agenda names it: "Friends meeting, 30 November 2010"
        CONSULTATION = "consultation", _("Consultation")
        PLANNING_MISSION = "planning_mission", _("Planning mission")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Ordinal of a Meeting of States Parties: 2 for the 2MSP."),
        verbose_name=_("number"),
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    # Tentative dates are a window: start_date..end_date are the earliest and latest
    # likely days ("end of January / beginning of February 2011": 24 January to
    # 11 February), so the calendar, the .ics and ordering see the whole period.
    start_date = models.DateField(
        help_text=_("First day. For tentative dates, the earliest likely day (used for ordering)."),
        verbose_name=_("start date"),
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("Last day, if the meeting lasts several days. For tentative dates, the latest likely day."),
        verbose_name=_("end date"),
    )
    dates_tentative = models.BooleanField(
        default=False,
        help_text=_("The dates are not fixed yet: the meeting may fall anywhere from first to last day."),
        verbose_name=_("dates tentative"),
    )
    dates_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('How tentative dates are announced, e.g. "end of January / beginning of February 2011".'),
        verbose_name=_("dates note"),
    )
    start_time = models.TimeField(null=True, blank=True, verbose_name=_("start time"))
    end_time = models.TimeField(null=True, blank=True, verbose_name=_("end time"))
    time_zone = models.CharField(
        max_length=64, default="Europe/Zurich", validators=[validate_time_zone], verbose_name=_("time zone")
    )
    venue = models.CharField(
        max_length=200, blank=True, help_text=_('e.g. "Palais des Nations".'), verbose_name=_("venue")
    )
    room = models.CharField(max_length=100, blank=True, verbose_name=_("room"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("country")
    )
    chair = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages], verbose_name=_("languages"))
    notes = models.TextField(
        blank=True, help_text=_('Practical notes, e.g. "A light lunch will be served."'), verbose_name=_("notes")
    )
    groups = models.ManyToManyField(
        WorkingGroup,
        blank=True,
        related_name="meetings",
        help_text=_("Groups whose work the meeting takes up."),
        verbose_name=_("groups"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Unticked: only signed-in Friends, coordinators and staff see the meeting (e.g. a closed consultation)."
        ),
    )
    # Calendar clients match events by this, so an edited meeting updates instead of duplicating.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("uid"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date", "-start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_date__isnull=False, end_date__gt=models.F("start_date"))
                | models.Q(end_time__gt=models.F("start_time")),
                name="meetings_meeting_end_time_after_start_time",
                violation_error_message=_("On a one-day meeting the end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(kind="msp"),
                name="meetings_meeting_number_only_for_msp",
                violation_error_message=_("Only Meetings of States Parties are numbered."),
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=models.Q(number__isnull=False),
                name="meetings_meeting_unique_msp_number",
                violation_error_message=_("A Meeting of States Parties with this number already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.dates_label})"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"slug": self.slug})

    @property
    def is_msp(self) -> bool:
        return self.kind == self.Kind.MSP

    @property
    def short_name(self) -> str:
        """ "2MSP" for a numbered Meeting of States Parties, the title otherwise."""
        if self.kind == self.Kind.MSP and self.number:
            return f"{self.number}MSP"
        return self.title

    @property
    def dates_label(self) -> str:
        if self.dates_note:
            return self.dates_note
        label = date_range(self.start_date, self.end_date)
        return gettext("%(dates)s (tentative)") % {"dates": label} if self.dates_tentative else label

    @property
    def place_and_dates(self) -> str:
        """ "Beirut, 12–16 September 2011": a title block's line under the meeting's name."""
        place = self.city or self.venue
        return f"{place}, {self.dates_label}" if place else self.dates_label

    @property
    def language_labels(self) -> list[str]:
        return [Language(code).label for code in self.languages]


class AgendaItem(OrderedTreeNode):
    """An item of a meeting's agenda; sub-items hang below their item."""

    owner_field = "meeting"
    other_owner_message = _("The parent must belong to the same meeting.")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    description = models.TextField(
        blank=True, help_text=_('Text after the title, e.g. "draft 1 for discussion".'), verbose_name=_("description")
    )
    lead = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Who introduces the item, as printed: "Lao PDR", "Exec. Coord.".'),
        verbose_name=_("lead"),
    )
    lead_wording = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            'Only where the agenda prints the lead otherwise than " – (Lead)", the words exactly as printed, '
            'e.g. "– Lebanon" or "– (Exec. Coord.),".'
        ),
        verbose_name=_("lead wording"),
    )
    documents = models.ManyToManyField(
        "MeetingDocument",
        blank=True,
        related_name="agenda_items",
        help_text=_("Documents taken up under this item."),
        verbose_name=_("documents"),
    )

    history = HistoricalRecords()

    class Meta(OrderedTreeNode.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        # The meeting page loads the whole agenda of one meeting in order.
        indexes = [models.Index(fields=["meeting", "position"], name="meetings_agenda_order_idx")]

    def __str__(self):
        return self.title


class MeetingPublishable(Publishable):
    """A document of one meeting (its minutes, its agenda), addressed by the meeting's slug."""

    # related_name: meeting.minutes, meeting.agenda
    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="%(class)s", verbose_name=_("meeting")
    )
    symbol = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_symbol],
        help_text=_("e.g. CCM/FOP/2010/1. Optional: minutes and agendas of informal meetings often have none."),
        verbose_name=_("symbol"),
    )

    slug_lookup = "meeting__slug"
    document_kind: str  # "Minutes", "Agenda": how titles and running headers name it

    class Meta:
        abstract = True
        ordering = ["-meeting__start_date"]
        constraints = [
            models.UniqueConstraint(
                Upper("symbol"),
                condition=~models.Q(symbol=""),
                name="%(app_label)s_%(class)s_unique_symbol",
                violation_error_message=_("A document with this symbol already exists."),
            )
        ]

    def __str__(self):
        return f"{self.document_kind}: {self.meeting.title}, {self.meeting.dates_label}"

    @property
    def slug_value(self) -> str:
        return self.meeting.slug

    @classmethod
    def with_url_data(cls):
        return cls.objects.select_related("meeting")

    @property
    def reference(self) -> str:
        return self.symbol or f"{self.document_kind}, {self.meeting.get_kind_display()}"

    @property
    def document_date(self):
        return self.meeting.start_date

    @property
    def document_date_label(self) -> str:
        """The announced words while the meeting's dates are tentative, so no PDF names a day it may not be on."""
        return self.meeting.dates_label if self.meeting.dates_tentative else ""

    # ---- comments (publishing.Comment): on the latest circulated draft, until the document is published
    @property
    def comments_open(self) -> bool:
        return self.publication_state == PublicationState.CIRCULATED

    @property
    def comments_closed_message(self) -> str:
        if self.publication_state == PublicationState.PUBLIC:
            return str(self.published_comments_closed)
        return str(self.not_circulated_comments_closed)

    def translated_version_title(self, version, texts: dict[str, str]) -> str:
        """A language version's title, as __str__ words the original's (called in its language)."""
        meeting_title = texts.get("meeting-title", self.meeting.title)
        dates = texts.get("meeting-dates") or self.meeting.dates_label
        return gettext("%(kind)s: %(meeting)s, %(dates)s") % {
            "kind": gettext(str(self.document_kind)),
            "meeting": meeting_title,
            "dates": dates,
        }

    def translated_reference(self, version, texts: dict[str, str]) -> str:
        return version.symbol or f"{gettext(str(self.document_kind))}, {self.meeting.get_kind_display()}"

    def reader_links(self, *, reads_circulated: bool) -> list[tuple[str, str]]:
        """Readers of circulated drafts: comments on the draft, while it is circulated."""
        if reads_circulated and self.comments_open:
            return [(gettext("Comment on this draft"), self.get_comments_url())]
        return []


class Minutes(MeetingPublishable):
    """The minutes of one meeting: a summary, ordered sections, and the meeting's action points."""

    title = models.CharField(max_length=200, default="Minutes and action points", verbose_name=_("title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))

    history = HistoricalRecords()

    document_template = "meetings/minutes_document.html"
    url_prefix = "meetings:minutes"
    document_kind = gettext_noop("Minutes")
    published_comments_closed = _("Minutes published: comments on the circulated drafts are closed.")
    not_circulated_comments_closed = _("These minutes are not circulated for comments now: comments are closed.")

    class Meta(MeetingPublishable.Meta):
        verbose_name = pgettext_lazy("one document", "minutes")
        verbose_name_plural = _("minutes")

    comment_target_noun = _("section")

    def reader_links(self, *, reads_circulated: bool) -> list[tuple[str, str]]:
        """Every reader: the comparison of the versions they may read (no query: the page says
        when there is nothing to compare yet); readers of drafts: comments, while circulated."""
        return [
            (gettext("Compare versions"), self.get_compare_url()),
            *super().reader_links(reads_circulated=reads_circulated),
        ]

    def comment_targets(self, version) -> list[CommentTarget]:
        """The summary, the sections (by their stable keys, as `version` froze them) and the action points."""
        revision = MinutesRevision.objects.filter(version=version).first()
        if revision is not None:
            summary, sections = revision.summary, revision.sections
        else:  # a version frozen without its sections kept: the sections as they are
            summary = self.summary
            sections = [{"key": str(s.key), "heading": s.heading, "body": s.body} for s in self.sections.all()]
        targets = [CommentTarget(key="summary", label=_("Summary"), order=0, text=summary)] if summary else []
        for order, section in enumerate(sections, start=1):
            targets.append(CommentTarget(key=section["key"], label=section["heading"], order=order, text=""))
        start = len(sections) + 1
        # The action points this version showed (marked in its HTML), not any added since.
        shown = keys_in_version(version.html)
        points = [point for point in self.meeting.action_points.all() if f"action-point-{point.pk}" in shown]
        for number, point in enumerate(points, start=1):
            targets.append(
                CommentTarget(
                    key=f"action-point-{point.pk}",
                    label=gettext("Action point %(number)s") % {"number": number},
                    order=start + number,
                    text=point.text,
                )
            )
        return targets

    def get_compare_url(self):
        return reverse("meetings:minutes_compare", kwargs={"slug": self.meeting.slug})

    # ---- language versions (meetings/translations.py)

    def translation_parts(self, version):
        from meetings.translations import minutes_translation_parts

        return minutes_translation_parts(self, version)

    def translated_document_context(self, version, texts):
        from meetings.translations import minutes_translated_context

        return minutes_translated_context(self, version, texts)

    def document_context(self) -> dict:
        from meetings.selectors import agenda_tree

        return {
            "minutes": self,
            "meeting": self.meeting,
            "sections": list(self.sections.all()),
            "action_points": list(self.meeting.action_points.all()),
            "agenda": agenda_tree(self.meeting),
            # The annex is headed as the agenda document is titled ("Draft agenda").
            "agenda_title": agenda.title if (agenda := getattr(self.meeting, "agenda", None)) else "Agenda",
        }


class Agenda(MeetingPublishable):
    """A meeting's agenda as a document, circulated and published like minutes (HTML and PDF).

    The items themselves are the meeting's agenda items; a version freezes them.
    """

    title = models.CharField(max_length=200, default="Draft agenda", verbose_name=_("title"))

    history = HistoricalRecords()

    document_template = "meetings/agenda_document.html"
    url_prefix = "meetings:agenda"
    document_kind = gettext_noop("Agenda")
    published_comments_closed = _("Agenda published: comments on the circulated drafts are closed.")
    not_circulated_comments_closed = _("This agenda is not circulated for comments now: comments are closed.")

    class Meta(MeetingPublishable.Meta):
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    comment_target_noun = _("item")

    def comment_targets(self, version) -> list[CommentTarget]:
        """The agenda as a whole, then the items and sub-items this version showed (marked in its
        HTML: items typed since are staff's working text, never offered), by item (they have no key
        of their own), as numbered now."""
        from meetings.selectors import agenda_tree

        shown = keys_in_version(version.html)
        targets = [CommentTarget(key="agenda", label=_("The agenda as a whole"), order=0)]
        for item in agenda_tree(self.meeting):
            if f"item-{item.pk}" in shown:
                targets.append(CommentTarget(key=f"item-{item.pk}", label=f"{item.number}. {item.title}", order=0))
            for letter, subitem in zip("abcdefghijklmnopqrstuvwxyz", item.subitems, strict=False):
                if f"item-{subitem.pk}" in shown:
                    label = f"{item.number}. {letter}) {subitem.title}"
                    targets.append(CommentTarget(key=f"item-{subitem.pk}", label=label, order=0))
        for order, target in enumerate(targets):
            target.order = order
        return targets

    def document_context(self) -> dict:
        from meetings.selectors import agenda_tree

        return {"agenda_document": self, "meeting": self.meeting, "agenda": agenda_tree(self.meeting)}

    # ---- language versions (meetings/translations.py)

    def translation_parts(self, version):
        from meetings.translations import agenda_translation_parts

        return agenda_translation_parts(self, version)

    def translated_document_context(self, version, texts):
        from meetings.translations import agenda_translated_context

        return agenda_translated_context(self, version, texts)


class MinutesSection(models.Model):
    """A headed section of minutes; the body is Markdown (paragraphs and lists)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="sections", verbose_name=_("minutes"))
    # Comparisons of versions follow a section by this key, so a renamed or moved section
    # is still the same section.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("key"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    heading = models.CharField(max_length=300, verbose_name=_("heading"))
    body = models.TextField(blank=True, verbose_name=_("body"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes section")
        verbose_name_plural = _("minutes sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class MinutesRevision(models.Model):
    """The text of minutes as one version froze it: summary and sections, for comparing versions.

    A version freezes HTML for reading; this keeps the sections themselves (keys, headings,
    Markdown bodies), made by meetings.services.minutes_circulate / minutes_publish.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("minutes"))
    version = models.OneToOneField(
        PublishedVersion, on_delete=models.PROTECT, related_name="minutes_revision", verbose_name=_("version")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    # [{"key", "heading", "body"}, ...] in reading order. See meetings/minutes_compare.py.
    sections = models.JSONField(verbose_name=_("sections"))
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
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self):
        return f"{self.minutes}, {self.label}"

    @property
    def label(self) -> str:
        """ "Draft 2" or "Version 1", as the version pages name them."""
        if self.version.is_draft:
            return gettext("Draft %(number)s") % {"number": self.version.number}
        return gettext("Version %(number)s") % {"number": self.version.number}

    @property
    def token(self) -> str:
        """How the comparison's URL names it: "draft-2", "v1" (as the version's own URL does)."""
        return f"draft-{self.version.number}" if self.version.is_draft else f"v{self.version.number}"


class MinutesComparePdf(GeneratedPdf):
    """The PDF comparison of two versions of minutes: both are frozen, so it is rendered once and kept."""

    older = models.ForeignKey(MinutesRevision, on_delete=models.CASCADE, related_name="+", verbose_name=_("older"))
    newer = models.ForeignKey(MinutesRevision, on_delete=models.CASCADE, related_name="+", verbose_name=_("newer"))

    class Meta:
        verbose_name = _("minutes compare pdf")
        verbose_name_plural = _("minutes compare pdfs")
        constraints = [models.UniqueConstraint(fields=["older", "newer"], name="meetings_compare_unique_pair")]

    def __str__(self):
        return gettext("Comparison %(older)s → %(newer)s of %(minutes)s") % {
            "older": self.older.label,
            "newer": self.newer.label,
            "minutes": self.newer.minutes,
        }

    def pdf_path(self, filename: str) -> str:
        return f"redlines/minutes/{self.newer.minutes_id}/{filename}"

    def pdf_source(self) -> str:
        from meetings.minutes_compare import minutes_compare_print_html  # it renders this module's models

        return minutes_compare_print_html(older=self.older, newer=self.newer)

    @property
    def pdf_download_name(self) -> str:
        """e.g. Minutes-Friends-meeting_compare_draft-1_v1.pdf."""
        return f"{safe_file_stem(self.newer.version.reference)}_compare_{self.older.token}_{self.newer.token}.pdf"


class ActionPoint(models.Model):
    """A task agreed at a meeting, followed until a later meeting closes it."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action point status", "Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="action_points",
        help_text=_("Where it was agreed."),
        verbose_name=_("meeting"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    text = models.TextField(verbose_name=_("text"))
    owner = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Who acts: a country, a person or a role such as "Presidency" or "All Friends".'),
        verbose_name=_("owner"),
    )
    # When the owner is one person: they are e-mailed the point and its due date, and reminded
    # when it is overdue (notifications). A country or a role ("All Friends") leaves it empty.
    owner_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_points",
        help_text=_("The person who acts, when the owner is one person: they are told of the point by e-mail."),
        verbose_name=_("owner (person)"),
    )
    group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name=_("group"),
    )
    # Read from the due note where its words name one day ("by 15 March 2011"): clean() below.
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("Left empty, it is read from the due note where the note names one day."),
        verbose_name=_("due date"),
    )
    due_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('The due date as agreed, in words: "before the next Friends meeting", "by 15 March 2011".'),
        verbose_name=_("due note"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status"))
    closed_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_action_points",
        help_text=_("The meeting that closed it."),
        verbose_name=_("closed at"),
    )
    # Raised at one meeting, reviewed at the next ones, closed at a later one.
    reviewed_at = models.ManyToManyField(
        Meeting,
        blank=True,
        related_name="reviewed_action_points",
        help_text=_("Meetings whose agenda reviewed it."),
        verbose_name=_("reviewed at"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="open") | models.Q(closed_at__isnull=True),
                name="meetings_actionpoint_open_not_closed",
                violation_error_message=_("An open action point cannot have a closing meeting."),
            )
        ]
        # The tracker lists open action points across meetings.
        indexes = [models.Index(fields=["status", "due_date"], name="meetings_action_status_idx")]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}…"

    def clean(self):
        # The words stay as agreed; the day they name, if one, becomes the date reminders compare with today.
        if self.due_date is None and self.due_note:
            self.due_date = due_date_from_text(self.due_note)

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today


def meeting_document_path(document: "MeetingDocument", filename: str) -> str:
    """A generated name: what the uploader called the file never reaches the disk."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"meetings/{document.meeting.uid}/{uuid.uuid4().hex}{extension}"


class MeetingDocument(models.Model):
    """A document of a meeting: programme of work, working paper, statement... in one language."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme of work")
        WORKING_PAPER = "working_paper", _("Working paper")
        STATEMENT = "statement", _("Statement")
        REPORT = "report", _("Report")
        OTHER = "other", pgettext_lazy("document kind", "Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKING_PAPER, verbose_name=_("kind"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    symbol = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_symbol],
        help_text=_("e.g. CCM/MSP/2011/WP.3, if it has one."),
        verbose_name=_("symbol"),
    )
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language")
    )
    file = models.FileField(
        upload_to=meeting_document_path,
        max_length=255,
        validators=[validate_document_file],
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt), at most 20 MB."),
        verbose_name=_("file"),
    )
    content_type = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Read from the file's content when it was uploaded; downloads are served with it."),
        verbose_name=_("content type"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.symbol}: {self.title}" if self.symbol else self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting_document", kwargs={"slug": self.meeting.slug, "pk": self.pk})

    def clean(self):
        # A file just uploaded (not yet committed to storage) has its type read here, once;
        # a stored file keeps the type read then, and downloads serve that.
        if self.file and not self.file._committed:
            self.content_type = uploaded_content_type(self.file)

    @property
    def download_name(self) -> str:
        """The name offered on download: from the symbol or title, never from the uploaded name."""
        stem = safe_file_stem(self.symbol or self.title)
        extension = "." + self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        return f"{stem}_{self.language}{extension}"
