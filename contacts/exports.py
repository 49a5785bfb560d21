"""The contact list as files for its readers: CSV in the import's columns, vCards, and the printed PDF."""

import csv
import io

import vobject
from django.template.loader import render_to_string

from contacts.importing import COLUMNS, FORMULA_STARTS
from contacts.models import ContactListEdition
from contacts.selectors import edition_entries
from publishing.generated import generated_pdf_is_current, generated_pdf_store


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


def edition_pdf_is_current(edition: ContactListEdition) -> bool:
    return generated_pdf_is_current(edition)


def edition_pdf_render(edition: ContactListEdition, *, force: bool = False) -> None:
    """Render the PDF from the list as it is now, unless the stored one was made from the same list."""
    generated_pdf_store(record=edition, force=force)


def export_name(edition: ContactListEdition) -> str:
    return f"contact-list-{edition.as_of:%Y-%m-%d}"
