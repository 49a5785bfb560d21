from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.names import name_split
from core.dates import long_date
from publishing.generated import GeneratedPdf


class Country(models.Model):
    """A country; States Parties to the Convention are flagged."""

    name = models.CharField(
        max_length=100, help_text=_('As the work programme writes it, e.g. "Lao PDR".'), verbose_name=_("name")
    )
    is_state_party = models.BooleanField(_("State Party"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contacts_country_name_unique",
                violation_error_message=_("A country with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An organisation taking part in the work: civil society, international or UN bodies."""

    class Kind(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International organisation")
        UNITED_NATIONS = "united_nations", _("United Nations entity")
        OTHER = "other", pgettext_lazy("organisation kind", "Other")

    name = models.CharField(
        max_length=100, help_text=_('Short name as used in the lists, e.g. "CMC/ICBL".'), verbose_name=_("name")
    )
    full_name = models.CharField(max_length=300, blank=True, verbose_name=_("full name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind"))
    location = models.CharField(
        max_length=100,
        blank=True,
        help_text=_('Where it is based, as the contact list shows it ("UK Geneva").'),
        verbose_name=_("location"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contacts_organisation_name_unique",
                violation_error_message=_("An organisation with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone working on the Convention, from a country's delegation or an organisation."""

    name = models.CharField(
        _("name as listed"), max_length=200, help_text=_('As the contact list prints it, e.g. "John Mac Bride".')
    )
    given_name = models.CharField(
        max_length=200, blank=True, help_text=_('E.g. "John", "Jon-Erik".'), verbose_name=_("given name")
    )
    family_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('With its particles, e.g. "Mac Bride", "van der Berg". Address books file the person under it.'),
        verbose_name=_("family name"),
    )
    title = models.CharField(
        max_length=100, blank=True, help_text=_('Honorific or post, e.g. "Ambassador".'), verbose_name=_("title")
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    # The portal account of this person, if they sign in (coordinators, Friends).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("user"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.title} {self.name}" if self.title else self.name

    def clean(self):
        # Given and family names left empty are split from the name as listed (particles
        # stay with the family name). Given, together they must make up the name as listed,
        # in either order (some lists write the family name first), so an edit of one is
        # never left contradicting the other or dropping part of the name.
        self.name, self.given_name, self.family_name = (
            " ".join(value.split()) for value in (self.name, self.given_name, self.family_name)
        )
        if not self.given_name and not self.family_name:
            self.given_name, self.family_name = name_split(self.name)
            return
        either_order = {
            " ".join(filter(None, parts)).casefold()
            for parts in ((self.given_name, self.family_name), (self.family_name, self.given_name))
        }
        if self.name.casefold() not in either_order:
            message = gettext(
                "Given and family name together must make up the name as listed (“%(name)s”), "
                "in either order: “%(given)s %(family)s” does not."
            ) % {"name": self.name, "given": self.given_name, "family": self.family_name}
            raise ValidationError({"given_name": message, "family_name": message})

    @property
    def name_parts(self) -> tuple[str, str]:
        """(given, family): as stored, or for a record saved without them, split from the name as listed."""
        if self.given_name or self.family_name:
            return self.given_name, self.family_name
        return name_split(self.name)


class EmailAddress(models.Model):
    """One of a person's e-mail addresses: personal data, never shown to the public."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="email_addresses", verbose_name=_("person")
    )
    address = models.EmailField(max_length=254, verbose_name=_("address"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "person",
                Lower("address"),
                name="contacts_emailaddress_unique_per_person",
                violation_error_message=_("This person already has this e-mail address."),
            )
        ]

    def __str__(self):
        return self.address


class ContactListEdition(GeneratedPdf):
    """The Friends of the President contact list as issued on one date."""

    title = models.CharField(max_length=200, default="Friends of the President contact list", verbose_name=_("title"))
    as_of = models.DateField(_("update as of"), unique=True)
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    # The PDF (GeneratedPdf) is rendered in the background and kept until the list
    # changes. It holds e-mail addresses: it is served only through the directory's
    # access check.

    history = HistoricalRecords(
        excluded_fields=["pdf", "pdf_sha256", "pdf_size", "pdf_source_sha256", "pdf_rendered_at"]
    )

    class Meta:
        verbose_name = _("contact list edition")
        verbose_name_plural = _("contact list editions")
        ordering = ["-as_of"]
        get_latest_by = "as_of"

    def pdf_path(self, filename: str) -> str:
        return f"contact-lists/{filename}"

    def pdf_source(self) -> str:
        from contacts.exports import edition_pdf_html  # it reads this module's models

        # The list is the secretariat's English document, whatever the language of the request or task
        # that renders it (its source decides whether it is rendered again).
        with translation.override(settings.LANGUAGE_CODE):
            return edition_pdf_html(self)

    @property
    def pdf_download_name(self) -> str:
        return f"contact-list-{self.as_of:%Y-%m-%d}.pdf"

    def __str__(self):
        return gettext("%(title)s, update as of %(date)s") % {"title": self.title, "date": self.as_of_label}

    @property
    def as_of_label(self) -> str:
        return long_date(self.as_of)


class ContactListEntry(models.Model):
    """A row of a contact list: a thematic area or role, held by a country or organisation."""

    edition = models.ForeignKey(
        ContactListEdition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("edition")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    role = models.CharField(
        _("thematic area or role"),
        max_length=200,
        blank=True,
        help_text=_("May be empty, as the list leaves it (Ireland's row in 2010)."),
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_entries",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_entries",
        verbose_name=_("organisation"),
    )
    people = models.ManyToManyField(
        Person, through="ContactListMember", related_name="contact_entries", verbose_name=_("people")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact list entry")
        verbose_name_plural = _("contact list entries")
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=False, organisation__isnull=True)
                | models.Q(country__isnull=True, organisation__isnull=False),
                name="contacts_entry_country_xor_organisation",
                violation_error_message=_("Give either a country or an organisation, not both."),
            )
        ]

    def __str__(self):
        return f"{self.role or gettext('(no role)')}: {self.affiliation_label}"

    @property
    def affiliation_label(self) -> str:
        """The "Country" column of the printed list: a country, or where an organisation sits."""
        if self.country is not None:
            return self.country.name
        return self.organisation.location or self.organisation.name


class ContactListMember(models.Model):
    """A person named on a contact list entry, in the order the list names them."""

    entry = models.ForeignKey(
        ContactListEntry, on_delete=models.CASCADE, related_name="members", verbose_name=_("entry")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="contact_list_memberships", verbose_name=_("person")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    # The addresses this edition lists for the person, in its order. The person's
    # EmailAddress rows are their addresses now; these stay as issued, so two
    # editions can be compared ("whose address changed").
    addresses = models.JSONField(default=list, blank=True, verbose_name=_("addresses"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact list member")
        verbose_name_plural = _("contact list members")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "person"],
                name="contacts_member_once_per_entry",
                violation_error_message=_("This person is already on this entry."),
            )
        ]

    def __str__(self):
        return str(self.person)


class ContactListCorrection(models.Model):
    """A Friend's proposed correction to a row of the newest contact list, or a new row, for staff to decide.

    Accepted, it changes the people and their addresses at once; its changes to the
    rows wait in the working edition (the newest edition plus the accepted
    corrections not yet carried) until staff issue the next edition, which carries them.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("correction status", "Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_list_corrections",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("proposed at"))
    # The row corrected; empty for a new row (or when a re-import replaced the row's edition).
    entry = models.ForeignKey(
        ContactListEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        verbose_name=_("entry"),
    )
    # Who on the row the correction is about; empty: someone joining the row (or the row itself).
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections", verbose_name=_("person")
    )
    new_row = models.BooleanField(default=False, verbose_name=_("new row"))
    leaves = models.BooleanField(_("leaves the row"), default=False)
    name = models.CharField(_("name as listed"), max_length=200, blank=True, help_text=_("Empty: unchanged."))
    addresses = models.JSONField(
        _("e-mail addresses"), default=list, blank=True, help_text=_("The full list of addresses; empty: unchanged.")
    )
    role = models.CharField(_("thematic area or role"), max_length=200, blank=True, help_text=_("Empty: unchanged."))
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    affiliation_in_words = models.CharField(
        _("country or organisation in words"),
        max_length=200,
        blank=True,
        help_text=_("One the list does not know yet: staff add it, then choose it here before accepting."),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decline_reason = models.TextField(blank=True, verbose_name=_("decline reason"))
    # The edition that carried the accepted correction into its rows; empty while it waits in the working edition.
    carried_in = models.ForeignKey(
        ContactListEdition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_corrections",
        verbose_name=_("carried in"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact list correction")
        verbose_name_plural = _("contact list corrections")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            # The admin index's count and the admin list's default filter: open proposals.
            models.Index(fields=["status"], name="contacts_correction_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="contacts_correction_declined_with_reason",
                violation_error_message=_("Give the reason for declining."),
            )
        ]

    def __str__(self):
        if self.new_row or self.entry_id is None:
            return gettext("Proposal #%(number)s: a new row") % {"number": self.pk}
        return gettext("Proposal #%(number)s: %(entry)s") % {"number": self.pk, "entry": self.entry}

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(what, now, proposed) for each thing the proposal changes."""
        person, entry = self.person, self.entry
        changes = []
        if self.leaves:
            changes.append((gettext("on the row"), str(person or ""), gettext("leaves")))
        if self.name and (person is None or self.name != person.name):
            changes.append((gettext("name"), person.name if person else "", self.name))
        if self.addresses:
            now = ", ".join(person.email_addresses.values_list("address", flat=True)) if person else ""
            changes.append((gettext("e-mail addresses"), now, ", ".join(self.addresses)))
        if self.role and (entry is None or self.role != entry.role):
            changes.append((gettext("role"), entry.role if entry else "", self.role))
        proposed = self.country or self.organisation
        if proposed and (entry is None or proposed not in (entry.country, entry.organisation)):
            changes.append(
                (gettext("country or organisation"), entry.affiliation_label if entry else "", str(proposed))
            )
        if self.affiliation_in_words and not proposed:
            now = entry.affiliation_label if entry else ""
            changes.append((gettext("country or organisation (in words)"), now, self.affiliation_in_words))

        return changes
