import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contacts.models import Country, Organisation, Person


class WorkingGroup(models.Model):
    """A working group, thematic coordinator area or committee of the intersessional work programme."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", "Working group"
        THEMATIC_AREA = "thematic_area", "Thematic area"
        COMMITTEE = "committee", "Committee"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in lists: the order of the work programme decision."
    )
    mandate = models.TextField(blank=True, help_text="What the group is for (Markdown).")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workgroups:group_detail", kwargs={"slug": self.slug})


class AppointmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Appointments whose term covers the given day (today by default)."""
        on = on or datetime.date.today()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


class Appointment(models.Model):
    """A State Party or organisation (and optionally named people) holding a post in a group for a term.

    The shape of a Popolo membership: who, which post, in which group, from when
    to when. Who may edit a group's pages, and who is shown as its coordinator,
    follow from these dates.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        CO_COORDINATOR = "co_coordinator", "Co-coordinator"
        FRIEND = "friend", "Friend of the President"
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
        help_text="The State Party appointed.",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="appointments", help_text="People named for this post, if any."
    )
    start_date = models.DateField(help_text="First day of the term.")
    end_date = models.DateField(null=True, blank=True, help_text="Last day of the term; empty if open-ended.")

    history = HistoricalRecords(m2m_fields=[people])
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["group", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="workgroups_appointment_term_ends_after_start",
                violation_error_message="The term cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(country__isnull=False, organisation__isnull=True)
                | models.Q(country__isnull=True, organisation__isnull=False),
                name="workgroups_appointment_country_xor_organisation",
                violation_error_message="Appoint either a country or an organisation, not both.",
            ),
            models.UniqueConstraint(
                fields=["group", "role", "country", "start_date"],
                name="workgroups_appointment_unique_country_term",
                violation_error_message="This country already holds this post from this date.",
            ),
        ]
        # Finding the groups a user may edit today filters on the term.
        indexes = [models.Index(fields=["start_date", "end_date"], name="workgroups_appt_term_idx")]

    def __str__(self):
        return f"{self.holder_label}, {self.get_role_display().lower()} of {self.group} ({self.term_label})"

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
            raise ValidationError({"country": "Coordinators are appointed from States Parties."})

    @property
    def holder_label(self) -> str:
        return str(self.country or self.organisation)

    @property
    def term_label(self) -> str:
        """ "2012", "2012–2013" for whole calendar years; the dates otherwise."""
        start, end = self.start_date, self.end_date
        if end is None:
            return f"from {start.day} {start:%B %Y}"
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
