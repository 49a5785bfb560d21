"""Writes to the contacts: invitations to sign in, and contact lists imported or issued."""

import datetime
import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contacts.importing import ContactRow, ListedPerson
from contacts.models import ContactListEdition, ContactListEntry, ContactListMember, EmailAddress, Person
from contacts.names import name_split
from contacts.selectors import EditionComparison, edition_entries, edition_listings, listings_compare
from core.history import delete_as, save_as


@transaction.atomic
def person_invite(*, person: Person, site_url: str, by) -> str:
    """Give the person an account (if they have none yet) and e-mail them a link to choose a password.

    The account's username and e-mail are the person's first address. The link is a
    one-time token: it stops working once the password is set (or after
    PASSWORD_RESET_TIMEOUT). Returns the address written to.
    """
    user = person.user
    if user is not None and user.has_usable_password():
        raise ValidationError(
            f"{person} already has an account ({user.get_username()}); they can reset their password from the "
            "sign-in page."
        )
    address = person.email_addresses.values_list("address", flat=True).first()
    if address is None:
        raise ValidationError(f"{person} has no e-mail address to send the invitation to.")
    if user is None:
        User = get_user_model()
        if User.objects.filter(username__iexact=address).exists():
            raise ValidationError(f"An account named {address} already exists for someone else; link it by hand.")
        user = User(username=address.lower(), email=address)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        person.user = user
        save_as(person, by=by, update_fields=["user"])
    link = site_url.rstrip("/") + reverse(
        "contacts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"person": person, "username": user.get_username(), "link": link, "invited_by": by}
    send_mail(
        subject="Your account on the CCM intersessional work programme portal",
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[address],
    )
    return address


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a preview, would do) to the list."""

    edition_id: int | None
    as_of: datetime.date
    compared_with: str  # the edition the changes are counted from, or "" for the first list
    replaced_edition: bool
    rows: int
    people_created: int
    comparison: EditionComparison


def contact_list_import(
    *, as_of: datetime.date, title: str, rows: list[ContactRow], by, preview: bool = False
) -> ImportReport:
    """Write the rows as the edition of `as_of` (replacing its rows if it exists) and report the changes.

    People are found by any of their listed addresses, then by name within the
    same country or organisation, so re-importing an updated list updates them
    instead of adding them twice; their addresses become the listed ones. A new
    or renamed person's given and family names are split from the listed name
    (names.name_split); staff correct a split in the admin. The
    changes are counted against the edition's previous rows, or else against the
    newest earlier edition. With `preview`, everything is rolled back and only
    the report is returned. One transaction: a failure leaves the list as it was.
    """
    undecided = [row.line for row in rows if row.flag]
    if undecided:
        raise ValidationError(f"Rows {', '.join(map(str, undecided))} still need a decision on their names.")
    with transaction.atomic():
        report = _import(as_of=as_of, title=title, rows=rows, by=by)
        if preview:
            transaction.set_rollback(True)
            return report
    edition_id = report.edition_id
    transaction.on_commit(lambda: _queue_pdf(edition_id))
    return report


def _import(*, as_of, title, rows, by) -> ImportReport:
    edition = ContactListEdition.objects.select_for_update().filter(as_of=as_of).first()
    replaced = edition is not None
    base = edition or ContactListEdition.objects.filter(as_of__lt=as_of).order_by("-as_of").first()
    before = edition_listings(base)
    if edition is None:
        edition = ContactListEdition(as_of=as_of)
    edition.title = title or edition.title or ContactListEdition._meta.get_field("title").default
    edition.full_clean()
    save_as(edition, by=by)
    edition.entries.all().delete()
    created = 0
    for position, row in enumerate(rows, start=1):
        entry = ContactListEntry(
            edition=edition,
            position=position,
            role=row.role,
            country_id=row.affiliation.country_id,
            organisation_id=row.affiliation.organisation_id,
        )
        entry.full_clean()
        save_as(entry, by=by)
        listed_here: set[int] = set()
        for person_position, listed in enumerate(row.people, start=1):
            person, is_new = _person_update_or_create(listed, row, by=by)
            created += is_new
            if person.pk in listed_here:
                continue  # named twice on one row
            listed_here.add(person.pk)
            member = ContactListMember(
                entry=entry, person=person, position=person_position, addresses=list(listed.addresses)
            )
            save_as(member, by=by)
    return ImportReport(
        edition_id=edition.pk,
        as_of=as_of,
        compared_with=str(base) if base else "",
        replaced_edition=replaced,
        rows=len(rows),
        people_created=created,
        comparison=listings_compare(before, edition_listings(edition)),
    )


def _person_update_or_create(listed: ListedPerson, row: ContactRow, *, by) -> tuple[Person, bool]:
    affiliation = {"country_id": row.affiliation.country_id, "organisation_id": row.affiliation.organisation_id}
    person = None
    if listed.addresses:
        by_address = Q()
        for address in listed.addresses:
            by_address |= Q(email_addresses__address__iexact=address)
        person = Person.objects.filter(by_address).order_by("pk").first()
    if person is None:
        person = Person.objects.filter(name__iexact=listed.name, **affiliation).order_by("pk").first()
    is_new = person is None
    person = person or Person()
    wanted = {"name": listed.name, **affiliation}
    if is_new or person.name != listed.name or not (person.given_name or person.family_name):
        # A name the list writes differently is split again; an unchanged one keeps the
        # given and family names staff may have corrected in the admin.
        wanted["given_name"], wanted["family_name"] = name_split(listed.name)
    if is_new or any(getattr(person, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(person, name, value)
        person.full_clean(exclude=["user"])
        save_as(person, by=by)  # only when something changed: a re-import writes no history
    if listed.addresses:
        _addresses_set(person, listed.addresses, by=by)
    return person, is_new


def _addresses_set(person: Person, addresses: tuple[str, ...], *, by) -> None:
    """The person's addresses become the listed ones, in order (history keeps the old ones)."""
    wanted = {address.lower(): (position, address) for position, address in enumerate(addresses, start=1)}
    for existing in person.email_addresses.all():
        if existing.address.lower() not in wanted:
            delete_as(existing, by=by)
            continue
        position, address = wanted.pop(existing.address.lower())
        if (existing.position, existing.address) != (position, address):
            existing.position, existing.address = position, address
            save_as(existing, by=by)
    for position, address in wanted.values():
        save_as(EmailAddress(person=person, address=address, position=position), by=by)


def _queue_pdf(edition_id: int) -> None:
    from contacts.tasks import render_contact_list_pdf  # tasks import the exports, which import this module's models

    render_contact_list_pdf.enqueue(edition_id)


def contact_list_pdfs_queue() -> None:
    """After the commit, queue every edition's PDF: the task renders only those whose list changed."""
    for edition_id in ContactListEdition.objects.values_list("pk", flat=True):
        transaction.on_commit(functools.partial(_queue_pdf, edition_id))


@transaction.atomic
def contact_list_edition_issue(*, source: ContactListEdition, as_of: datetime.date, by) -> ContactListEdition:
    """A new edition as of `as_of` with the rows and people of `source`, for staff to edit and circulate."""
    if ContactListEdition.objects.filter(as_of=as_of).exists():
        raise ValidationError(f"An edition as of {as_of.day} {as_of:%B %Y} exists already; edit that one.")
    edition = ContactListEdition(title=source.title, as_of=as_of, notes="")
    edition.full_clean()
    save_as(edition, by=by)
    for entry in edition_entries(source):
        members = entry.listed_members
        entry.pk = None
        entry.edition = edition
        save_as(entry, by=by)
        for member in members:  # one by one, so each gets its history record
            save_as(
                ContactListMember(
                    entry=entry, person_id=member.person_id, position=member.position, addresses=member.addresses
                ),
                by=by,
            )
    transaction.on_commit(lambda: _queue_pdf(edition.pk))
    return edition
