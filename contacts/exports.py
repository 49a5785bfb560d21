"""The contact list as files for its readers: CSV and XLSX in the import's columns, vCards, and the printed PDF."""

import csv
import io
from collections.abc import Iterator

import vobject
from django.template.loader import render_to_string
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from contacts.importing import COLUMNS, FORMULA_STARTS
from contacts.models import ContactListEdition
from contacts.selectors import edition_entries
from publishing.generated import generated_pdf_is_current, generated_pdf_store


def spreadsheet_safe(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (the importer takes the quote off again)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def edition_rows(edition: ContactListEdition) -> Iterator[tuple[str, str, str, str]]:
    """The list's rows in the seed's columns: names as listed, joined by commas; addresses by spaces."""
    for entry in edition_entries(edition):
        yield (
            entry.role,
            entry.affiliation_label,
            ", ".join(member.person.name for member in entry.listed_members),
            " ".join(address for member in entry.listed_members for address in member.addresses),
        )


def edition_csv(edition: ContactListEdition) -> str:
    """One line per row of the list, in the seed's columns.

    It starts with a byte order mark: without one, Excel reads the file in the
    computer's legacy code page and prints "StrÃ¸mÃ¸" (the importer skips it).
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS.values())
    for row in edition_rows(edition):
        writer.writerow(spreadsheet_safe(value) for value in row)
    return buffer.getvalue()


# Wide enough for the seed's longest cells without wrapping: role, country, names, addresses.
XLSX_COLUMN_WIDTHS = {"A": 42, "B": 16, "C": 48, "D": 70}


def edition_xlsx(edition: ContactListEdition) -> bytes:
    """The CSV's columns and rows as an Excel workbook: one sheet, the header row frozen.

    Every cell is text: a cell that starts with "=" is stored as the text it is,
    never as a formula, and marked to stay text when someone edits it.
    """
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(edition)  # "…, update as of 16 September 2011"
    sheet = workbook.create_sheet(gettext("Contact list"))
    sheet.freeze_panes = "A2"
    for column, width in XLSX_COLUMN_WIDTHS.items():
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)

    def text_cell(value: str, *, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        cell.quotePrefix = value.startswith(FORMULA_STARTS)
        if font is not None:
            cell.font = font
        return cell

    sheet.append([text_cell(title, font=bold) for title in COLUMNS.values()])
    for row in edition_rows(edition):
        sheet.append([text_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
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
            card.add("fn").value = member.person.name  # as the list prints it
            given, family = member.person.name_parts  # N:family;given, so "Mac Bride" files under M
            card.add("n").value = vobject.vcard.Name(family=family, given=given)
            card.add("org").value = [entry.organisation.name if entry.organisation else entry.affiliation_label]
            if entry.role:
                card.add("title").value = entry.role
            for address in member.addresses:
                email = card.add("email")
                email.value = address
                email.type_param = "INTERNET"
            card.add("note").value = str(edition)

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
