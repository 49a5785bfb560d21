import datetime
import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Country, Organisation, Person
from contacts.validators import validate_no_personal_address
from core.dates import DATES_DASH, long_date
from core.file_names import safe_file_stem
from core.rich_text import validate_safe_markdown
from core.uploads import uploaded_content_type, validate_document_file

# About ten pages of text: more is a document to upload, not a page to type.
PAGE_TEXT_MAX_LENGTH = 30_000


class WorkingGroup(models.Model):
    """A working group, thematic coordinator area or committee of the intersessional work programme."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        THEMATIC_AREA = "thematic_area", _("Thematic area")
        COMMITTEE = "committee", _("Committee")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP, verbose_name=_("kind"))
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in lists: the order of the work programme decision."), verbose_name=_("position")
    )
    mandate = models.TextField(
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
        help_text=_("What the group is for (Markdown)."),
        verbose_name=_("mandate"),
    )
    overview = models.TextField(
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
        help_text=_("Where the group's work stands, kept up to date by its coordinators (Markdown)."),
        verbose_name=_("overview"),
    )
    work_plan = models.TextField(
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
        help_text=_("What the group plans to do and when (Markdown)."),
        verbose_name=_("work plan"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["position", "name"]

    # The fields of the group's page that coordinators edit in the workspace.
    PAGE_FIELDS = ["overview", "mandate", "work_plan"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workgroups:group_detail", kwargs={"slug": self.slug})


class AppointmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Appointments whose term covers the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Appointments whose term shares at least a day with start..end (end None: open-ended)."""
        overlapping = models.Q(end_date__isnull=True) | models.Q(end_date__gte=start)
        return self.filter(overlapping if end is None else overlapping & models.Q(start_date__lte=end))

    def coordinations(self):
        """Coordinator and co-coordinator posts of working groups and thematic areas: the posts that
        make their holders members of the Coordination Committee."""
        return self.filter(role__in=Appointment.COORDINATING_ROLES).exclude(group__kind=WorkingGroup.Kind.COMMITTEE)

    def presidency(self):
        """The chair of a committee: the President of the Meeting of States Parties, who chairs the
        Coordination Committee (seed decision, 2. e))."""
        return self.filter(role=Appointment.Role.CHAIR, group__kind=WorkingGroup.Kind.COMMITTEE)


class Appointment(models.Model):
    """A State Party or organisation (and optionally named people) holding a post in a group for a term.

    The shape of a Popolo membership: who, which post, in which group, from when
    to when. Who may edit a group's pages, and who is shown as its coordinator,
    follow from these dates.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CO_COORDINATOR = "co_coordinator", _("Co-coordinator")
        FRIEND = "friend", _("Friend of the President")
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    # Holders of these posts keep the group's pages up to date during their term.
    EDITING_ROLES = (Role.COORDINATOR, Role.CO_COORDINATOR, Role.CHAIR)
    # Holders of these posts in a working group or thematic area sit on the Coordination Committee.
    COORDINATING_ROLES = (Role.COORDINATOR, Role.CO_COORDINATOR)
    # What a committee's own appointments may record: its chair (on the Coordination Committee, the
    # President of the Meeting of States Parties) and members no other post makes members (the
    # President-designate, civil society, international organisations). Coordinators are members
    # through their own groups' appointments, never typed a second time.
    COMMITTEE_ROLES = (Role.CHAIR, Role.MEMBER)

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("group")
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR, verbose_name=_("role"))
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
        help_text=_("The State Party appointed."),
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("organisation"),
    )
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="appointments",
        help_text=_("People named for this post, if any."),
        verbose_name=_("people"),
    )
    start_date = models.DateField(help_text=_("First day of the term."), verbose_name=_("start date"))
    end_date = models.DateField(
        null=True, blank=True, help_text=_("Last day of the term; empty if open-ended."), verbose_name=_("end date")
    )

    history = HistoricalRecords(m2m_fields=[people])
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["group", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="workgroups_appointment_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(country__isnull=False, organisation__isnull=True)
                | models.Q(country__isnull=True, organisation__isnull=False),
                name="workgroups_appointment_country_xor_organisation",
                violation_error_message=_("Appoint either a country or an organisation, not both."),
            ),
            models.UniqueConstraint(
                fields=["group", "role", "country", "start_date"],
                name="workgroups_appointment_unique_country_term",
                violation_error_message=_("This country already holds this post from this date."),
            ),
        ]
        # Finding the groups a user may edit today filters on the term.
        indexes = [models.Index(fields=["start_date", "end_date"], name="workgroups_appt_term_idx")]

    def __str__(self):
        return gettext("%(holder)s, %(role)s of %(group)s (%(term)s)") % {
            "holder": self.holder_label,
            "role": self.get_role_display().lower(),
            "group": self.group,
            "term": self.term_label,
        }

    def clean(self):
        super().clean()
        if (
            self.country_id
            and not self.country.is_state_party
            and self.role
            in {
                self.Role.COORDINATOR,
                self.Role.CO_COORDINATOR,
            }
        ):
            raise ValidationError({"country": gettext("Coordinators are appointed from States Parties.")})
        if self.group_id and self.group.kind == WorkingGroup.Kind.COMMITTEE:
            self._clean_committee_post()

    def _clean_committee_post(self):
        """A committee records its chair and the members no other post makes members, nothing twice."""
        if self.role not in self.COMMITTEE_ROLES:
            raise ValidationError(
                {
                    "role": gettext(
                        "A committee's coordinators are its members through their own groups' appointments: "
                        "record only its chair (the President) and other members here."
                    )
                }
            )
        if self.role != self.Role.MEMBER or not self.country_id or not self.start_date:
            return
        term = Appointment.objects.exclude(pk=self.pk).filter(country_id=self.country_id)
        term = term.overlapping(self.start_date, self.end_date).select_related("group")
        already = (
            term.coordinations().order_by("start_date").first()
            or term.presidency().filter(group_id=self.group_id).order_by("start_date").first()
        )
        if already is not None:
            raise ValidationError(
                {
                    "country": gettext(
                        "%(holder)s is a member already, as %(post)s of %(group)s (%(term)s): "
                        "members are derived from those posts, not typed twice."
                    )
                    % {
                        "holder": self.country,
                        "post": already.get_role_display().lower(),
                        "group": already.group,
                        "term": already.term_label,
                    }
                }
            )

    @property
    def holder_label(self) -> str:
        return str(self.country or self.organisation)

    @property
    def term_label(self) -> str:
        """ "2012", "2012–2013" for whole calendar years; the dates otherwise."""
        start, end = self.start_date, self.end_date
        if end is None:
            return gettext("from %(date)s") % {"date": long_date(start)}
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{long_date(start)}{DATES_DASH}{long_date(end)}"

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class GroupUpdate(models.Model):
    """A news item on a group's page, written by its coordinators or staff."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="updates", verbose_name=_("group"))
    title = models.CharField(max_length=200, validators=[validate_no_personal_address], verbose_name=_("title"))
    body = models.TextField(
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
        help_text=_("Markdown."),
        verbose_name=_("body"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group update")
        verbose_name_plural = _("group updates")
        ordering = ["-created_at", "-pk"]
        # A group's page lists its latest updates.
        indexes = [models.Index(fields=["group", "-created_at"], name="workgroups_update_group_idx")]

    EDITABLE_FIELDS = ["title", "body"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.group.get_absolute_url()}#update-{self.pk}"


def group_document_path(document: "GroupDocument", filename: str) -> str:
    """A generated name: what the uploader called the file never reaches the disk."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"groups/{document.group.slug}/{uuid.uuid4().hex}{extension}"


class GroupDocument(models.Model):
    """A document a group's coordinators publish on its page: a work plan, a report, a questionnaire..."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents", verbose_name=_("group"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    file = models.FileField(
        upload_to=group_document_path,
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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workgroups:document_download", kwargs={"slug": self.group.slug, "pk": self.pk})

    def clean(self):
        # A file just uploaded (not yet committed to storage) has its type read here, once;
        # a stored file keeps the type read then, and downloads serve that.
        if self.file and not self.file._committed:
            self.content_type = uploaded_content_type(self.file)

    @property
    def download_name(self) -> str:
        """The name offered on download: from the title, never from the uploaded name."""
        extension = "." + self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        return f"{safe_file_stem(self.title)}{extension}"


class GroupPageTranslation(models.Model):
    """A group's page in French or Spanish: its name, overview, mandate and work plan, kept by its
    coordinators beside the English page (the original).

    `translated_from` keeps the English text the translation was last saved against, so the page
    says when the English has changed since (outdated) and the editor sees what changed.
    """

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        SPANISH = "es", _("Spanish")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="page_translations", verbose_name=_("group")
    )
    language = models.CharField(max_length=2, choices=Language.choices, verbose_name=_("language"))
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(
        _("mandate"),
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
    )
    overview = models.TextField(
        _("overview"),
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
    )
    work_plan = models.TextField(
        _("work plan"),
        blank=True,
        max_length=PAGE_TEXT_MAX_LENGTH,
        validators=[validate_safe_markdown, validate_no_personal_address],
    )
    # {"name": ..., "overview": ..., "mandate": ..., "work_plan": ...}: the English page as translated.
    translated_from = models.JSONField(default=dict, editable=False, verbose_name=_("translated from"))

    history = HistoricalRecords()

    TRANSLATED_FIELDS = ["name", *WorkingGroup.PAGE_FIELDS]

    class Meta:
        verbose_name = _("group page translation")
        verbose_name_plural = _("group page translations")
        constraints = [
            models.UniqueConstraint(fields=["group", "language"], name="workgroups_one_page_translation_per_language")
        ]

    def __str__(self):
        return f"{self.group} ({self.get_language_display()})"

    def is_outdated_for(self, group: WorkingGroup) -> bool:
        """Whether the English page has changed since this translation was saved against it."""
        return any(self.translated_from.get(name) != getattr(group, name) for name in self.TRANSLATED_FIELDS)


class ReaderSession(AbstractBaseSession):
    """A session (settings.SESSION_ENGINE: workgroups.sessions), with the account signed in on it in a column
    of its own, so a request reads its session and its reader with the reader's standing in one query
    (workgroups.access.session_with_reader). Server-side like Django's own: signing out deletes it, and a
    password change ends the others (their stored hash no longer matches the account's)."""

    # Set from the session's data each time it is saved; deleting the account deletes its sessions.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from workgroups.sessions import SessionStore

        return SessionStore
