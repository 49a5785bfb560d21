"""Writes to the contacts: invitations to sign in, and contact lists imported or issued."""

import datetime
import functools
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext

from contacts.importing import ContactRow, ListedPerson
from contacts.models import (
    ContactListCorrection,
    ContactListEdition,
    ContactListEntry,
    ContactListMember,
    EmailAddress,
    Person,
)
from contacts.names import name_split
from contacts.selectors import EditionComparison, edition_entries, edition_listings, listings_compare
from core.dates import long_date
from core.history import delete_as, save_as
from core.rate_limits import over_limit
from publishing import page_cache

logger = logging.getLogger(__name__)


# Password-reset e-mails: per client address an hour, per e-mail address a day (a form anyone may send
# would otherwise let anyone fill an account holder's mailbox).
RESET_LIMIT_PER_CLIENT = 5
RESET_LIMIT_PER_ADDRESS = 3


def password_reset_mail_allowed(*, address: str, client: str) -> bool:
    """Count one more password-reset request from `client` for `address`: False past either limit. The
    caller answers the same either way, so the limits say nothing about an address."""
    if over_limit(f"accounts:password-reset:client:{client}", RESET_LIMIT_PER_CLIENT, datetime.timedelta(hours=1)):
        logger.info("Password reset requests over the client's hourly limit: no e-mail sent")
        return False
    if over_limit(
        f"accounts:password-reset:address:{address.strip().lower()}",
        RESET_LIMIT_PER_ADDRESS,
        datetime.timedelta(days=1),
    ):
        logger.info("Password reset requests for an address over its daily limit: no e-mail sent")
        return False
    return True


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
            gettext(
                "%(person)s already has an account (%(username)s); they can reset their password from the sign-in page."
            )
            % {"person": person, "username": user.get_username()}
        )
    address = person.email_addresses.values_list("address", flat=True).first()
    if address is None:
        raise ValidationError(
            gettext("%(person)s has no e-mail address to send the invitation to.") % {"person": person}
        )
    if user is None:
        User = get_user_model()
        if User.objects.filter(username__iexact=address).exists():
            raise ValidationError(
                gettext("An account named %(address)s already exists for someone else; link it by hand.")
                % {"address": address}
            )
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
        subject=gettext("Your account on the CCM intersessional work programme portal"),
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
        raise ValidationError(
            ngettext(
                "Row %(rows)s still needs a decision on its names.",
                "Rows %(rows)s still need a decision on their names.",
                len(undecided),
            )
            % {"rows": ", ".join(map(str, undecided))}
        )
    with transaction.atomic():
        report = _import(as_of=as_of, title=title, rows=rows, by=by)
        if preview:
            transaction.set_rollback(True)
            return report
    edition_id = report.edition_id
    transaction.on_commit(lambda: _queue_pdf(edition_id))
    page_cache.invalidate_on_commit()  # people's names show where the site names them (a meeting's chair)
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


def _addresses_set(person: Person, addresses: tuple[str, ...], *, by, reason: str = "") -> None:
    """The person's addresses become the listed ones, in order (history keeps the old ones)."""
    wanted = {address.lower(): (position, address) for position, address in enumerate(addresses, start=1)}
    for existing in person.email_addresses.all():
        if existing.address.lower() not in wanted:
            existing._change_reason = reason or None
            delete_as(existing, by=by)
            continue
        position, address = wanted.pop(existing.address.lower())
        if (existing.position, existing.address) != (position, address):
            existing.position, existing.address = position, address
            save_as(existing, by=by, reason=reason)
    for position, address in wanted.values():
        save_as(EmailAddress(person=person, address=address, position=position), by=by, reason=reason)


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
        raise ValidationError(
            gettext("An edition as of %(date)s exists already; edit that one.") % {"date": long_date(as_of)}
        )
    newest = ContactListEdition.objects.order_by("-as_of").first()
    if newest is not None and source.pk != newest.pk:
        # The accepted corrections wait on the newest edition's rows: from another, they would be left behind.
        raise ValidationError(
            gettext(
                "Issue the new edition from the newest one (as of %(date)s): the accepted corrections change its rows."
            )
            % {"date": newest.as_of_label}
        )
    if newest is not None and as_of < newest.as_of:
        # It would carry the accepted corrections, and the newest list, which readers use, never would.
        raise ValidationError(
            gettext(
                "A new edition is dated after the newest one (%(date)s): it carries the accepted "
                "corrections into the list readers use."
            )
            % {"date": newest.as_of_label}
        )
    edition = ContactListEdition(title=source.title, as_of=as_of, notes="")
    edition.full_clean()
    save_as(edition, by=by)
    copies: dict[int, ContactListEntry] = {}  # the source's row id → its copy
    for entry in edition_entries(source):
        members = entry.listed_members
        source_pk = entry.pk
        copies[source_pk] = entry
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
    _corrections_carry(source=source, edition=edition, copies=copies, by=by)
    transaction.on_commit(lambda: _queue_pdf(edition.pk))
    return edition


# ---------------------------------------------------------------- corrections proposed by Friends
#
# The working edition is the newest edition plus the accepted corrections it has not
# carried yet. Accepting a correction changes the people (names, addresses) at once;
# what it changes on the rows (a role, a country or organisation, someone joining or
# leaving, the addresses the list prints) is carried by the next contact_list_edition_issue
# from the newest edition, so the editions compare page shows it.


def _correction_reason(correction: ContactListCorrection) -> str:
    return f"Correction #{correction.pk} proposed by {correction.proposed_by.get_username()}"


def correction_is_own_address(correction: ContactListCorrection, *, by) -> bool:
    """Only the proposer's own addresses change: such a correction needs no one's acceptance."""
    return bool(
        correction.person_id is not None
        and correction.addresses
        and Person.objects.filter(pk=correction.person_id, user_id=by.pk).exists()
        and not (
            correction.new_row
            or correction.leaves
            or (correction.name and correction.name != correction.person.name)
            or (correction.role and correction.role != correction.entry.role)
            or correction.country_id
            or correction.organisation_id
            or correction.affiliation_in_words
        )
    )


@transaction.atomic
def contact_list_correction_propose(*, correction: ContactListCorrection, by) -> ContactListCorrection:
    """Record a Friend's proposal; a correction of their own addresses only is accepted at once."""
    correction.proposed_by = by
    correction.full_clean()
    save_as(correction, by=by, reason="Proposed")
    if correction_is_own_address(correction, by=by):
        contact_list_correction_accept(correction=correction, by=by)
        correction.refresh_from_db()
    return correction


def correction_acceptance_problems(correction: ContactListCorrection) -> dict[str, str]:
    """What stops the correction from being accepted as it stands, by field (staff fix it, then accept)."""
    problems = {}
    if correction.country_id and correction.organisation_id:
        problems["organisation"] = gettext("Give either a country or an organisation, not both.")
    if correction.affiliation_in_words and not (correction.country_id or correction.organisation_id):
        problems["country"] = gettext(
            "The proposal names “%(words)s” in words: add it as a country or organisation, choose it here, then accept."
        ) % {"words": correction.affiliation_in_words}
    if correction.new_row and not (correction.country_id or correction.organisation_id):
        problems.setdefault("country", gettext("A new row needs a country or an organisation."))
    if (correction.new_row or correction.person_id is None) and correction.addresses and not correction.name:
        problems["name"] = gettext("Name the person these addresses belong to.")
    if correction.new_row and not correction.name:
        problems["name"] = gettext("A new row needs the name of the person listed on it.")

    return problems


def _already_decided(correction: ContactListCorrection) -> str:
    if correction.status == ContactListCorrection.Status.ACCEPTED:
        return gettext("%(proposal)s was accepted already.") % {"proposal": correction}
    return gettext("%(proposal)s was declined already.") % {"proposal": correction}


@transaction.atomic
def contact_list_correction_accept(*, correction: ContactListCorrection, by) -> ContactListCorrection:
    """Accept into the working edition: the people change now (history names the proposer), the rows
    with the next edition."""
    correction = ContactListCorrection.objects.select_for_update().select_related("proposed_by").get(pk=correction.pk)
    if correction.status != ContactListCorrection.Status.OPEN:
        raise ValidationError(_already_decided(correction))
    problems = correction_acceptance_problems(correction)
    if problems:
        raise ValidationError(problems)
    reason = _correction_reason(correction)
    person = correction.person
    if person is None and correction.name:  # someone joining the row, or named on a new row
        entry = correction.entry
        person = Person(name=correction.name)
        if correction.country_id or correction.organisation_id:
            person.country_id, person.organisation_id = correction.country_id, correction.organisation_id
        elif entry is not None:
            person.country_id, person.organisation_id = entry.country_id, entry.organisation_id
        person.full_clean(exclude=["user"])
        save_as(person, by=by, reason=reason)
        correction.person = person
    elif person is not None and correction.name and correction.name != person.name:
        person.name, person.given_name, person.family_name = correction.name, "", ""
        person.full_clean(exclude=["user"])
        save_as(person, by=by, reason=reason)
    if person is not None and correction.addresses:
        _addresses_set(person, tuple(correction.addresses), by=by, reason=reason)
    correction.status = ContactListCorrection.Status.ACCEPTED
    correction.decided_by, correction.decided_at = by, timezone.now()
    correction.full_clean()
    save_as(correction, by=by, reason=reason)
    contact_list_pdfs_queue()  # a changed name shows in every edition
    page_cache.invalidate_on_commit()  # and where the site names the person (a meeting's chair)
    return correction


@transaction.atomic
def contact_list_correction_decline(*, correction: ContactListCorrection, reason: str, by) -> ContactListCorrection:
    """Decline with a reason the proposer reads; nothing else changes."""
    correction = ContactListCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != ContactListCorrection.Status.OPEN:
        raise ValidationError(_already_decided(correction))
    if not reason.strip():
        raise ValidationError({"decline_reason": gettext("Give the reason for declining.")})
    correction.status = ContactListCorrection.Status.DECLINED
    correction.decline_reason = reason.strip()
    correction.decided_by, correction.decided_at = by, timezone.now()
    correction.full_clean()
    save_as(correction, by=by, reason="Declined")
    return correction


def _corrections_carry(
    *, source: ContactListEdition, edition: ContactListEdition, copies: dict[int, ContactListEntry], by
) -> None:
    """Apply the working edition's accepted corrections to the new edition's rows; open ones follow their row."""
    waiting = (
        ContactListCorrection.objects.filter(status=ContactListCorrection.Status.ACCEPTED, carried_in=None)
        .filter(Q(entry__edition=source) | Q(new_row=True))
        .select_related("person", "proposed_by")
        .order_by("decided_at", "pk")
    )
    for correction in waiting:
        _correction_carry(correction, edition=edition, copies=copies, by=by)
    for correction in ContactListCorrection.objects.filter(
        status=ContactListCorrection.Status.OPEN, entry__edition=source
    ):
        correction.entry = copies[correction.entry_id]
        save_as(correction, by=by, reason=f"Follows its row into the edition as of {edition.as_of_label}")


def _correction_carry(correction, *, edition, copies, by) -> None:
    reason = _correction_reason(correction)
    if correction.new_row:
        last = edition.entries.aggregate(last=Max("position"))["last"] or 0
        entry = ContactListEntry(edition=edition, position=last + 1, role=correction.role)
    else:
        entry = copies[correction.entry_id]
    if correction.new_row or correction.role or correction.country_id or correction.organisation_id:
        entry.role = correction.role or entry.role
        if correction.country_id or correction.organisation_id:
            entry.country_id, entry.organisation_id = correction.country_id, correction.organisation_id
        entry.full_clean()
        save_as(entry, by=by, reason=reason)
    person = correction.person
    if person is not None:
        member = entry.members.filter(person=person).first()
        if correction.leaves:
            if member is not None:
                member._change_reason = reason
                delete_as(member, by=by)
        elif member is None:
            last = entry.members.aggregate(last=Max("position"))["last"] or 0
            addresses = correction.addresses or list(person.email_addresses.values_list("address", flat=True))
            save_as(
                ContactListMember(entry=entry, person=person, position=last + 1, addresses=addresses),
                by=by,
                reason=reason,
            )
        elif correction.addresses:
            member.addresses = list(correction.addresses)
            save_as(member, by=by, reason=reason)
    correction.carried_in = edition
    save_as(correction, by=by, reason=f"Carried into the edition as of {edition.as_of_label}")
