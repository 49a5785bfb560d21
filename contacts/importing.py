"""Reading a contact list spreadsheet (CSV and TSV with the csv module, XLSX with openpyxl) in the columns of the printed list.

Nothing here writes: `contact_list_read` turns a file into rows for the
preview, with every problem named by row and column. Rows whose names and
addresses do not pair up one to one are flagged with a proposal, and stay
flagged until a person confirms or corrects them (services.contact_list_import).
"""

import csv
import io
import re
from dataclasses import asdict, dataclass, field, replace

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, ngettext

from contacts.models import ContactListEntry, Country, Organisation, Person
from core.uploads import check_zip_container

COLUMNS = {
    "role": "Thematic Area/role",
    "affiliation": "Country",
    "names": "Name",
    "addresses": "Email address",
}
# A spreadsheet runs a cell that starts with one of these as a formula; exports quote them with "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {".csv": "csv", ".tsv": "tsv", ".txt": "tsv", ".xlsx": "xlsx"}
MAX_ROWS = 2000
ROLE_MAX_LENGTH = ContactListEntry._meta.get_field("role").max_length
NAME_MAX_LENGTH = Person._meta.get_field("name").max_length
# How far down a title or note may push the header row ("Friends of the Chair Contact List update as of ...").
HEADER_SEARCH_ROWS = 10


class ContactListFileError(Exception):
    """The file cannot be read as a contact list; `problems` name rows and columns."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ListedPerson:
    name: str
    addresses: tuple[str, ...]

    def as_line(self) -> str:
        return " ".join([self.name, *(f"<{address}>" for address in self.addresses)])


@dataclass(frozen=True)
class Affiliation:
    country_id: int | None = None
    organisation_id: int | None = None
    label: str = ""


@dataclass(frozen=True)
class ContactRow:
    """One row of the file, read; `flag` says why a person must decide how names and addresses pair."""

    line: int
    role: str
    affiliation: Affiliation
    names_cell: str
    addresses_cell: str
    people: tuple[ListedPerson, ...]
    flag: str = ""

    def people_as_lines(self) -> str:
        """The row's people as a reviewer edits them: one a line, "Name <address>" (see people_from_lines)."""
        return "\n".join(person.as_line() for person in self.people)

    def decided(self, people: tuple[ListedPerson, ...]) -> "ContactRow":
        return replace(self, people=people, flag="")


@dataclass
class ContactListFile:
    rows: list[ContactRow] = field(default_factory=list)

    @property
    def flagged(self) -> list[ContactRow]:
        return [row for row in self.rows if row.flag]


def contact_list_read(*, name: str, content: bytes) -> ContactListFile:
    """Read the file; raise ContactListFileError naming every problem found (nothing is written)."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    table = _table(extension, content)
    header_index, columns = _header(table)
    problems: list[str] = []
    rows: list[ContactRow] = []
    affiliations = _AffiliationFinder()
    for index, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
        values = {key: _cell(cells, position) for key, position in columns.items()}
        if not any(values.values()):
            continue  # blank lines between blocks
        row_problems = []
        addresses = _addresses(values["addresses"], index, row_problems)
        affiliation = affiliations.find(values["affiliation"], values["role"], index, row_problems)
        if not values["names"].strip(" ,;"):
            row_problems.append(
                gettext("Row %(row)s, column “%(column)s”: no name is given.")
                % {"row": index, "column": COLUMNS["names"]}
            )
        if len(values["role"]) > ROLE_MAX_LENGTH:
            row_problems.append(
                gettext("Row %(row)s, column “%(column)s”: longer than %(limit)s characters.")
                % {"row": index, "column": COLUMNS["role"], "limit": ROLE_MAX_LENGTH}
            )
        if any(len(name.strip()) > NAME_MAX_LENGTH for name in values["names"].split(",")):
            row_problems.append(
                gettext("Row %(row)s, column “%(column)s”: a name is longer than %(limit)s characters.")
                % {"row": index, "column": COLUMNS["names"], "limit": NAME_MAX_LENGTH}
            )
        problems.extend(row_problems)
        if not row_problems:
            people, flag = pair_names_and_addresses(values["names"], addresses)
            rows.append(
                ContactRow(
                    line=index,
                    role=values["role"],
                    affiliation=affiliation,
                    names_cell=values["names"],
                    addresses_cell=values["addresses"],
                    people=people,
                    flag=flag,
                )
            )
    if len(rows) > MAX_ROWS:
        problems.append(
            gettext("The file has %(count)s rows; a contact list may have at most %(limit)s.")
            % {"count": len(rows), "limit": MAX_ROWS}
        )
    if not rows and not problems:
        problems.append(gettext("The file has a header row but no contacts under it."))
    if problems:
        raise ContactListFileError(problems)
    return ContactListFile(rows=rows)


def _table(extension: str, content: bytes) -> list[list[str]]:
    if extension not in FORMATS:
        raise ContactListFileError(
            [
                gettext("“%(extension)s” files cannot be imported; use CSV, TSV (tab-separated) or XLSX.")
                % {"extension": extension or gettext("no extension")}
            ]
        )
    file_format = FORMATS[extension]
    if file_format == "xlsx":
        return _workbook_rows(content)
    text = _decode(content)
    if "\x00" in text:
        raise ContactListFileError([gettext("The file is not a text spreadsheet (it holds binary data).")])
    delimiter = "\t" if file_format == "tsv" else _csv_delimiter(text)
    try:
        return [[_text(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise ContactListFileError(
            [
                gettext("The file cannot be read as %(format)s: %(error)s.")
                % {"format": file_format.upper(), "error": error}
            ]
        ) from error


def _workbook_rows(content: bytes) -> list[list[str]]:
    """The first sheet's rows; formulas count as the values they last showed."""
    if not content.startswith(b"PK\x03\x04"):
        raise ContactListFileError([gettext("The file is not an Excel workbook (.xlsx), whatever its name says.")])
    try:
        # Before openpyxl unpacks anything: a small workbook may declare gigabytes of cells.
        check_zip_container(io.BytesIO(content))
    except ValidationError as error:
        raise ContactListFileError(error.messages) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ContactListFileError([gettext("The file is not an Excel workbook (.xlsx) that can be read.")]) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ContactListFileError(
            [
                gettext(
                    "Row %(row)s: the file is not UTF-8 text (byte %(byte)s cannot be read). "
                    "Save it as “CSV UTF-8” and import it again."
                )
                % {"row": line, "byte": f"0x{content[error.start]:02x}"}
            ]
        ) from error


def _csv_delimiter(text: str) -> str:
    # Spreadsheets save "CSV" with commas or, in many European locales, semicolons.
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _text(value) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
    # Undo the quote our CSV export puts before a cell a spreadsheet would run as a formula.
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def _cell(cells: list[str], position: int) -> str:
    return cells[position] if position < len(cells) else ""


def _normalised(heading: str) -> str:
    return re.sub(r"[^a-z]", "", heading.lower())


def _header(table: list[list[str]]) -> tuple[int, dict[str, int]]:
    wanted = {_normalised(title): key for key, title in COLUMNS.items()}
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {
            wanted[_normalised(cell)]: position for position, cell in enumerate(cells) if _normalised(cell) in wanted
        }
        if len(found) >= 2:  # this is the header row, complete or not
            missing = [COLUMNS[key] for key in COLUMNS if key not in found]
            if missing:
                raise ContactListFileError(
                    [
                        gettext("Row %(row)s: the header has no column %(missing)s. The columns are: %(columns)s.")
                        % {
                            "row": index + 1,
                            "missing": ", ".join(f"“{title}”" for title in missing),
                            "columns": ", ".join(f"“{title}”" for title in COLUMNS.values()),
                        }
                    ]
                )
            return index, found
    raise ContactListFileError(
        [
            gettext("No header row in the first %(count)s rows. The columns are: %(columns)s.")
            % {"count": HEADER_SEARCH_ROWS, "columns": ", ".join(f"“{title}”" for title in COLUMNS.values())}
        ]
    )


def _addresses(cell: str, line: int, problems: list[str]) -> tuple[str, ...]:
    addresses = tuple(part for part in re.split(r"[\s,;]+", cell) if part)
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                gettext("Row %(row)s, column “%(column)s”: “%(address)s” is not a valid e-mail address.")
                % {"row": line, "column": COLUMNS["addresses"], "address": address}
            )
    return addresses


class _AffiliationFinder:
    """The "Country" column: a country, an organisation, or where the organisation named as the role sits."""

    def __init__(self):
        self.countries = {name.lower(): pk for pk, name in Country.objects.values_list("pk", "name")}
        self.organisations = {
            name.lower(): (pk, location)
            for pk, name, location in Organisation.objects.values_list("pk", "name", "location")
        }

    def find(self, cell: str, role: str, line: int, problems: list[str]) -> Affiliation:
        if cell.lower() in self.countries:
            return Affiliation(country_id=self.countries[cell.lower()], label=cell)
        if cell.lower() in self.organisations:
            return Affiliation(organisation_id=self.organisations[cell.lower()][0], label=cell)
        # "CMC/ICBL | UK Geneva": the role names the organisation, the column says where it sits.
        organisation = self.organisations.get(role.lower())
        if organisation and organisation[1].lower() == cell.lower():
            return Affiliation(organisation_id=organisation[0], label=cell)
        column = COLUMNS["affiliation"]
        if not cell:
            problems.append(
                gettext("Row %(row)s, column “%(column)s”: no country or organisation is given.")
                % {"row": line, "column": column}
            )
        else:
            problems.append(
                gettext(
                    "Row %(row)s, column “%(column)s”: “%(cell)s” is neither a known country nor an organisation. "
                    "Add it in the admin (Countries or Organisations) and import again."
                )
                % {"row": line, "column": column, "cell": cell}
            )
        return Affiliation()


def pair_names_and_addresses(names_cell: str, addresses: tuple[str, ...]) -> tuple[tuple[ListedPerson, ...], str]:
    """Names and addresses paired by order, and a flag when that needed a guess.

    Names are separated by commas. When there are fewer names than addresses, a
    name of four or six words is proposed as two or three two-word names
    ("Siyothula Phakamisa Rob Wensley"); the row is flagged either way, so a
    person confirms the proposal or corrects it.
    """
    names = [name.strip() for name in names_cell.split(",") if name.strip()]
    if len(names) == len(addresses):
        return tuple(ListedPerson(name, (address,)) for name, address in zip(names, addresses, strict=True)), ""
    if len(names) == 1 and not addresses:
        return (ListedPerson(names[0], ()),), ""
    flag = gettext("%(names)s for %(addresses)s") % {
        "names": ngettext("%(count)s name", "%(count)s names", len(names)) % {"count": len(names)},
        "addresses": ngettext("%(count)s address", "%(count)s addresses", len(addresses)) % {"count": len(addresses)},
    }
    if len(names) < len(addresses):
        split = _split_run_together(names, len(addresses))
        if split is not None:
            return tuple(ListedPerson(name, (address,)) for name, address in zip(split, addresses, strict=True)), (
                gettext("%(flag)s: names without commas between them were split into pairs of words. Check the split.")
                % {"flag": flag}
            )
    people = [ListedPerson(name, ()) for name in names]
    for index, address in enumerate(addresses):
        # Pair in order; addresses beyond the last name go to the last name, names beyond the last address get none.
        target = min(index, len(people) - 1)
        people[target] = ListedPerson(people[target].name, (*people[target].addresses, address))
    return tuple(people), gettext("%(flag)s: paired in order. Correct the pairing.") % {"flag": flag}


def _split_run_together(names: list[str], wanted: int) -> list[str] | None:
    """Split names of 4 or 6 words into two-word names, longest first, until there are `wanted` names."""
    result = list(names)
    while len(result) < wanted:
        candidates = [index for index, name in enumerate(result) if len(name.split()) in (4, 6)]
        if not candidates:
            return None
        index = max(candidates, key=lambda position: len(result[position].split()))
        words = result[index].split()
        result[index : index + 1] = [" ".join(words[:2]), " ".join(words[2:])]
    return result if len(result) == wanted else None


PERSON_LINE = re.compile(r"^(?P<name>[^<>]+?)\s*(?P<addresses>(?:<[^<>]*>\s*)*)$")


def people_from_lines(text: str, line: int) -> tuple[ListedPerson, ...]:
    """A reviewer's decision for a flagged row: one person a line, "Name <address> <address>"."""
    people = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = PERSON_LINE.match(raw.strip())
        if not match:
            raise ValidationError(
                gettext("Row %(row)s, line %(line)s of your decision: write “Name <address>”, not “%(raw)s”.")
                % {"row": line, "line": number, "raw": raw}
            )
        addresses = tuple(re.findall(r"<([^<>]*)>", match["addresses"]))
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    gettext("Row %(row)s: “%(address)s” is not a valid e-mail address.")
                    % {"row": line, "address": address}
                ) from None
        people.append(ListedPerson(match["name"].strip(), addresses))
    if not people:
        raise ValidationError(gettext("Row %(row)s: name at least one person.") % {"row": line})

    return tuple(people)


def rows_dump(rows: list[ContactRow]) -> list[dict]:
    """The rows as plain data, to carry from the preview to the import (signed, in a hidden field)."""
    return [asdict(row) for row in rows]


def rows_load(data: list[dict]) -> list[ContactRow]:
    return [
        ContactRow(
            **{
                **row,
                "affiliation": Affiliation(**row["affiliation"]),
                "people": tuple(ListedPerson(person["name"], tuple(person["addresses"])) for person in row["people"]),
            }
        )
        for row in data
    ]
