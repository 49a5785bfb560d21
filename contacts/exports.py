"""The contact list as files for its readers: CSV in the import's columns, vCards, and the printed PDF."""

import csv
import hashlib
import io

import vobject
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from contacts.importing import COLUMNS, FORMULA_STARTS
from contacts.models import ContactListEdition
from contacts.selectors import edition_entries
from publishing.rendering import html_to_pdf


def spreadsheet_safe(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (the importer takes the quote off again)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def edition_csv(edition: ContactListEdition) -> str:
    """One line per row of the list, in the seed's columns: names joined by commas, addresses by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS.values())
    for entry in edition_entries(edition):
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                entry.role,
                entry.affiliation_label,
                ", ".join(member.person.name for member in entry.listed_members),
                " ".join(address for member in entry.listed_members for address in member.addresses),
            )
        )
    return buffer.getvalue()


def edition_vcards(edition: ContactListEdition) -> str:
    """One vCard 3.0 per person listed (the version every common address book imports)."""
    cards = []
    seen: set[int] = set()
    for entry in edition_entries(edition):
        for member in entry.listed_members:
            if member.person_id in seen:
                continue
            seen.add(member.person_id)
            card = vobject.vCard()
            card.add("fn").value = member.person.name
            given, _, family = member.person.name.rpartition(" ")
            card.add("n").value = vobject.vcard.Name(family=family, given=given)
            card.add("org").value = [entry.organisation.name if entry.organisation else entry.affiliation_label]
            if entry.role:
                card.add("title").value = entry.role
            for address in member.addresses:
                email = card.add("email")
                email.value = address
                email.type_param = "INTERNET"
            card.add("note").value = f"{edition.title}, update as of {edition.as_of_label}"
            cards.append(card.serialize())
    return "".join(cards)


def edition_pdf_html(edition: ContactListEdition) -> str:
    return render_to_string("pdf/contact_list.html", {"edition": edition, "entries": edition_entries(edition)})


def fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def edition_pdf_is_current(edition: ContactListEdition) -> bool:
    return bool(edition.pdf) and edition.pdf_fingerprint == fingerprint(edition_pdf_html(edition))


def edition_pdf_render(edition: ContactListEdition) -> None:
    """Render the PDF from the list as it is now and keep it with its fingerprint."""
    html = edition_pdf_html(edition)
    old_name = edition.pdf.name
    edition.pdf.save(f"contact-list-{edition.as_of:%Y-%m-%d}.pdf", ContentFile(html_to_pdf(html)), save=False)
    edition.pdf_fingerprint = fingerprint(html)
    # update(), not save(): the PDF is not a change to the list, so it writes no history record.
    ContactListEdition.objects.filter(pk=edition.pk).update(
        pdf=edition.pdf.name, pdf_fingerprint=edition.pdf_fingerprint
    )
    if old_name and old_name != edition.pdf.name:
        edition.pdf.storage.delete(old_name)
