"""Importing the Friends contact list: the seed's table, messy rows flagged for a person, bad files refused."""

import codecs
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.exports import edition_csv, edition_xlsx
from contacts.importing import ContactListFileError, contact_list_read, pair_names_and_addresses
from contacts.models import ContactListEdition, ContactListMember, Country, EmailAddress, Organisation, Person
from contacts.services import contact_list_import
from demo import contacts_2010
from tests.sample_files import zip_bomb

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_contactlistedition_import")
COLUMNS_ROW = ("Thematic Area/role", "Country", "Name", "Email address")


@pytest.fixture
def seed_table(seeds_dir) -> bytes:
    """The contact table of the seed minutes, from its title line to the end, as the TSV it is."""
    text = (seeds_dir / "friends-meeting-2010-11-30-minutes.txt").read_text()
    return text[text.index("Friends of the Chair Contact List update as of") :].encode()


@pytest.fixture
def countries_and_organisations(db):
    """What the admin holds before the first import: countries and organisations, no people."""
    for name in contacts_2010.COUNTRIES:
        Country.objects.create(name=name, is_state_party=True)
    for name, kind, full_name, location in contacts_2010.ORGANISATIONS:
        Organisation.objects.create(name=name, kind=kind, full_name=full_name, location=location)


def upload(staff_client, name, content, as_of="2010-11-12"):
    return staff_client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile(name, content), "as_of": as_of, "title": "Friends of the Chair Contact List"},
    )


def confirm_all(staff_client, review, overrides=None):
    """Press Import on the review page, ticking "Checked" on every flagged row (with its proposal, or `overrides`)."""
    data = {"payload": review.context["payload"], "import": "1"}
    for row, decision, _ in review.context["rows"]:
        if row.flag:
            data[f"decision-{row.line}"] = (overrides or {}).get(row.line, decision)
            data[f"confirm-{row.line}"] = "1"
    return staff_client.post(IMPORT_URL, data)


def edition_as_entries(edition) -> list:
    """An edition in the shape of contacts_2010.ENTRIES: role, country or organisation, [(name, address)]."""
    rows = []
    for entry in edition.entries.select_related("country", "organisation").order_by("position"):
        holder = entry.country.name if entry.country else entry.organisation.name
        members = entry.members.select_related("person").order_by("position")
        rows.append((entry.role, holder, [(member.person.name, *member.addresses) for member in members]))
    return rows


def snapshot() -> tuple:
    """Everything an import could touch, to show a refused import left it as it was."""
    return (
        list(ContactListEdition.objects.values_list("as_of", "title")),
        list(ContactListMember.objects.values_list("entry__role", "person__name", "addresses").order_by("pk")),
        list(EmailAddress.objects.values_list("person__name", "address").order_by("pk")),
    )


# --- The seed ---------------------------------------------------------------------


def test_the_seed_table_reads_with_the_run_together_names_flagged(countries_and_organisations, seed_table):
    read = contact_list_read(name="contacts.tsv", content=seed_table)
    assert len(read.rows) == len(contacts_2010.ENTRIES) == 17
    flagged = {row.role or row.affiliation.label: row.flag for row in read.flagged}
    assert set(flagged) == {
        "General Status and Operation of the Convention",
        "Stockpile Destruction",
        "International Cooperation and Assistance",
        "President-designate, 2MSP",
        "CMC/ICBL",
        "UN ODA",
        "President's Executive Coordinator",
    }
    assert flagged["General Status and Operation of the Convention"].startswith("3 names for 4 addresses")
    ireland = next(row for row in read.rows if row.affiliation.label == "Ireland")
    assert ireland.role == "" and not ireland.flag


def test_importing_the_seed_through_the_review_reproduces_every_row_and_person(
    staff_client, countries_and_organisations, seed_table
):
    review = upload(staff_client, "Friends contact list.tsv", seed_table)
    assert review.status_code == 200
    assert review.context["flagged"] == 7
    assert (
        "Siyothula Phakamisa &lt;SiyothulaP@dirco.gov.za&gt;\nRob Wensley &lt;WensleyD@foreign.gov.za&gt;"
        in review.text
    )
    assert not ContactListEdition.objects.exists()  # the review wrote nothing

    response = confirm_all(staff_client, review)
    assert response.status_code == 302
    edition = ContactListEdition.objects.get()
    assert edition.as_of.isoformat() == "2010-11-12"
    expected = [
        (role, holder, [(contacts_2010.listed_name(given, family), address) for given, family, address in people])
        for role, holder, people in contacts_2010.ENTRIES
    ]
    assert edition_as_entries(edition) == expected
    assert Person.objects.count() == sum(len(people) for _, _, people in contacts_2010.ENTRIES) == 29
    # Every name is split as the demo data splits it by hand ("John Mac Bride": John / Mac Bride).
    assert sorted(Person.objects.values_list("given_name", "family_name")) == sorted(
        (given, family) for _, _, people in contacts_2010.ENTRIES for given, family, _ in people
    )
    stromo = Person.objects.get(name="Jon-Erik Strømø")
    assert stromo.country.name == "Norway"
    assert list(stromo.email_addresses.values_list("address", flat=True)) == ["jon.erik.stromo@mfa.no"]
    assert Person.objects.get(name="Lou Maresca").organisation.name == "ICRC"


def test_a_flagged_row_is_not_imported_until_a_person_checks_it(staff_client, countries_and_organisations, seed_table):
    review = upload(staff_client, "contacts.tsv", seed_table)
    data = {"payload": review.context["payload"], "import": "1"}
    response = staff_client.post(IMPORT_URL, data)
    assert response.status_code == 200
    assert "Confirm how names and addresses pair on rows" in response.text
    assert not ContactListEdition.objects.exists()


def test_a_reviewer_corrects_a_proposal(staff_client, countries_and_organisations, seed_table):
    review = upload(staff_client, "contacts.tsv", seed_table)
    lebanon = next(row.line for row, _, _ in review.context["rows"] if row.role == "President-designate, 2MSP")
    corrected = "Najla Assaker <najla.assaker@yahoo.com> <ahmadarafa@yahoo.com>"
    assert confirm_all(staff_client, review, {lebanon: corrected}).status_code == 302
    najla = Person.objects.get(name="Najla Assaker")
    assert list(najla.email_addresses.values_list("address", flat=True)) == [
        "najla.assaker@yahoo.com",
        "ahmadarafa@yahoo.com",
    ]
    assert not Person.objects.filter(name="Ahmad Arafa").exists()


def test_a_malformed_decision_is_refused_with_its_row(staff_client, countries_and_organisations, seed_table):
    review = upload(staff_client, "contacts.tsv", seed_table)
    lebanon = next(row.line for row, _, _ in review.context["rows"] if row.role == "President-designate, 2MSP")
    response = confirm_all(staff_client, review, {lebanon: "Najla Assaker <not-an-address>"})
    assert response.status_code == 200
    assert f"Row {lebanon}: “not-an-address” is not a valid e-mail address." in response.text
    assert not ContactListEdition.objects.exists() and not Person.objects.exists()


# --- Re-importing -------------------------------------------------------------------


def test_reimporting_the_seed_over_the_demo_data_changes_nothing_and_duplicates_no_one(
    staff_client, demo_data, seed_table
):
    people_before, person_history_before = Person.objects.count(), Person.history.count()
    review = upload(staff_client, "contacts.tsv", seed_table)
    report = review.context["report"]
    assert report.replaced_edition and not report.comparison and report.people_created == 0
    assert confirm_all(staff_client, review).status_code == 302
    assert Person.objects.count() == people_before
    assert Person.history.count() == person_history_before  # nobody changed, so no history was written
    assert ContactListEdition.objects.count() == 1


def test_reimporting_keeps_a_split_staff_corrected_and_splits_a_renamed_person_again(
    staff_client, demo_data, seed_table
):
    # The list writes "Siyothula Phakamisa"; staff know the family name is Siyothula.
    Person.objects.filter(name="Siyothula Phakamisa").update(given_name="Phakamisa", family_name="Siyothula")
    table = seed_table.decode().replace("John Mac Bride", "John Eric Mac Bride")
    assert confirm_all(staff_client, upload(staff_client, "contacts.tsv", table.encode())).status_code == 302
    assert Person.objects.filter(name="Siyothula Phakamisa").values_list("given_name", "family_name").get() == (
        "Phakamisa",
        "Siyothula",
    )
    renamed = Person.objects.get(email_addresses__address="JohnEric.Macbride@international.gc.ca")
    assert (renamed.name, renamed.given_name, renamed.family_name) == ("John Eric Mac Bride", "John Eric", "Mac Bride")


def test_an_updated_list_reports_who_joined_left_and_changed(staff_client, demo_data, seed_table):
    table = seed_table.decode()
    table = table.replace("Clearance\tAustralia\tPhilip Kimpton\tPhilip.Kimpton@dfat.gov.au\n", "")
    table = table.replace("lparodi@minrel.gov.cl", "luciano.parodi@minrel.gov.cl")
    table += "Clearance\tAustralia\tJane Doe\tjane.doe@dfat.gov.au\n"
    review = upload(staff_client, "contacts-2011.tsv", table.encode(), as_of="2011-03-01")
    comparison = review.context["report"].comparison
    assert [listing.name for listing in comparison.joined] == ["Jane Doe"]
    assert [listing.name for listing in comparison.left] == ["Philip Kimpton"]
    assert [(change.after.name, change.what) for change in comparison.changed] == [("Luciano Parodi", ["address"])]

    people_before = Person.objects.count()
    response = confirm_all(staff_client, review)
    assert response.status_code == 302
    messages = staff_client.get(response["Location"]).text
    assert "1 joined, 1 left, 1 changed, 1 new people" in messages
    assert Person.objects.count() == people_before + 1
    assert ContactListEdition.objects.count() == 2
    parodi = Person.objects.get(name="Luciano Parodi")
    assert list(parodi.email_addresses.values_list("address", flat=True)) == ["luciano.parodi@minrel.gov.cl"]
    assert parodi.email_addresses.get().history.latest().history_user.is_staff  # who imported it
    # The earlier edition still lists the address it was issued with.
    earlier = ContactListMember.objects.get(person=parodi, entry__edition__as_of="2010-11-12")
    assert earlier.addresses == ["lparodi@minrel.gov.cl"]


def test_an_xlsx_workbook_imports_like_the_tsv(staff_client, demo_data, seed_table):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in seed_table.decode().splitlines():
        sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    review = upload(staff_client, "contacts.xlsx", buffer.getvalue())
    assert review.status_code == 200, review.context["form"].errors if review.context.get("form") else ""
    assert len(review.context["rows"]) == 17 and review.context["flagged"] == 7
    assert not review.context["report"].comparison


def test_the_csv_export_imports_back_without_a_change(demo_data):
    edition = ContactListEdition.objects.get()
    edition.entries.filter(role="Chile meeting").update(role='=HYPERLINK("http://evil")')
    exported = edition_csv(edition).encode()
    assert exported.startswith(codecs.BOM_UTF8)  # for Excel; the importer reads past it
    assert "'=HYPERLINK" in exported.decode("utf-8-sig")  # a spreadsheet shows it as text instead of running it
    read = contact_list_read(name="export.csv", content=exported)
    assert read.rows[0].role == "President 1MSP"  # not "\ufeffPresident…": the header was found
    # The export joins names with commas, so no row needs a decision when it comes back.
    assert not read.flagged
    report = contact_list_import(as_of=edition.as_of, title=edition.title, rows=read.rows, by=None, preview=True)
    assert not report.comparison and report.people_created == 0


def test_the_xlsx_export_imports_back_without_a_change(demo_data):
    edition = ContactListEdition.objects.get()
    edition.entries.filter(role="Chile meeting").update(role='=HYPERLINK("http://evil")')
    read = contact_list_read(name="export.xlsx", content=edition_xlsx(edition))
    assert not read.flagged
    assert next(row for row in read.rows if row.affiliation.label == "Chile").role == '=HYPERLINK("http://evil")'
    report = contact_list_import(as_of=edition.as_of, title=edition.title, rows=read.rows, by=None, preview=True)
    assert not report.comparison and report.people_created == 0


def test_a_csv_saved_by_excel_with_a_bom_and_semicolons_imports(countries_and_organisations):
    content = (
        codecs.BOM_UTF8
        + (
            "Thematic Area/role;Country;Name;Email address\r\n"
            "General Status and Operation of the Convention;Norway;Jon-Erik Strømø;jon.erik.stromo@mfa.no\r\n"
            "Architecture 2011;Canada;John Mac Bride;JohnEric.Macbride@international.gc.ca\r\n"
        ).encode()
    )
    read = contact_list_read(name="Contact list.csv", content=content)
    assert [(row.role, [person.name for person in row.people]) for row in read.rows] == [
        ("General Status and Operation of the Convention", ["Jon-Erik Strømø"]),
        ("Architecture 2011", ["John Mac Bride"]),
    ]
    contact_list_import(as_of=datetime.date(2010, 11, 12), title="", rows=read.rows, by=None)
    assert Person.objects.filter(given_name="Jon-Erik", family_name="Strømø").exists()
    assert Person.objects.filter(given_name="John", family_name="Mac Bride").exists()


# --- Bad files --------------------------------------------------------------------------


BAD_FILES = {
    "latin-1 CSV": (
        "contacts.csv",
        "Thematic Area/role,Country,Name,Email address\nStockpile Destruction,Germany,Jörg Albrecht,j@diplo.de\n".encode(
            "latin-1"
        ),
        r"Row 2: the file is not UTF-8 text",
    ),
    "missing columns": (
        "contacts.csv",
        b"Thematic Area/role,Country,Name\nClearance,Australia,Philip Kimpton\n",
        r"Row 1: the header has no column “Email address”",
    ),
    "invalid address": (
        "contacts.csv",
        b"Thematic Area/role,Country,Name,Email address\nClearance,Australia,Philip Kimpton,philip.kimpton@\n",
        r"Row 2, column “Email address”: “philip.kimpton@” is not a valid e-mail address.",
    ),
    "unknown country": (
        "contacts.csv",
        b"Thematic Area/role,Country,Name,Email address\nClearance,Atlantis,Philip Kimpton,p@example.org\n",
        r"Row 2, column “Country”: “Atlantis” is neither a known country nor an organisation.",
    ),
    "no name": (
        "contacts.csv",
        b"Thematic Area/role,Country,Name,Email address\nClearance,Australia,,p@example.org\n",
        r"Row 2, column “Name”: no name is given.",
    ),
    "over-long role": (
        "contacts.csv",
        b"Thematic Area/role,Country,Name,Email address\n" + b"R" * 201 + b",Australia,Philip Kimpton,p@example.org\n",
        r"Row 2, column “Thematic Area/role”: longer than 200 characters.",
    ),
    "a PDF named .xlsx": ("contacts.xlsx", b"%PDF-1.4\n%%EOF\n", r"not an Excel workbook"),
    "binary named .csv": ("contacts.csv", b"\x00\x01\x02binary", r"not a text spreadsheet"),
    "a Word file": ("contacts.docx", b"PK\x03\x04", r"“.docx” files cannot be imported; use CSV, TSV"),
    "no header": ("contacts.csv", b"a,b\nc,d\n", r"No header row in the first 10 rows"),
}


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_where_and_the_list_is_untouched(staff_client, demo_data, name, content, message):
    before = snapshot()
    response = upload(staff_client, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(re.search(message, error) for error in errors), errors
    assert "Nothing was imported" in response.text
    assert snapshot() == before


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_opens_it(staff_client, demo_data, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(list(COLUMNS_ROW))
    buffer = io.BytesIO()
    workbook.save(buffer)
    bomb = zip_bomb(buffer.getvalue(), name="xl/media/padding.bin")

    def load_workbook(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", load_workbook)
    before = snapshot()
    response = upload(staff_client, "contacts.xlsx", bomb)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["The file unpacks to 300.0\xa0MB; a document may unpack to at most 200.0\xa0MB."]
    assert "Nothing was imported" in response.text
    assert snapshot() == before


def test_a_tampered_review_is_refused(staff_client, demo_data):
    before = snapshot()
    response = staff_client.post(IMPORT_URL, {"payload": "forged:payload", "import": "1"}, follow=True)
    assert "The review expired or was altered" in response.text
    assert snapshot() == before


def test_only_staff_import(friend_client, demo_data):
    response = friend_client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Pairing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "addresses", "people", "flagged"),
    [
        ("Lucy Richardson", ["l@x.org"], [("Lucy Richardson", ("l@x.org",))], False),
        ("John Mac Bride", ["j@x.org"], [("John Mac Bride", ("j@x.org",))], False),
        (
            "James O'Shea, Brian McNally",
            ["j@x", "b@x"],
            [("James O'Shea", ("j@x",)), ("Brian McNally", ("b@x",))],
            False,
        ),
        ("Thomas Nash Tamar Gabelnik", ["t@x", "g@x"], [("Thomas Nash", ("t@x",)), ("Tamar Gabelnik", ("g@x",))], True),
        ("Ann Lee, Bo Sun", ["a@x"], [("Ann Lee", ("a@x",)), ("Bo Sun", ())], True),
        ("Ann Lee", ["a@x", "b@x"], [("Ann Lee", ("a@x", "b@x"))], True),
        ("Ann Lee Bo", ["a@x", "b@x"], [("Ann Lee Bo", ("a@x", "b@x"))], True),
    ],
)
def test_names_and_addresses_pair_by_order_and_any_guess_is_flagged(names, addresses, people, flagged):
    paired, flag = pair_names_and_addresses(names, tuple(addresses))
    assert [(person.name, person.addresses) for person in paired] == people
    assert bool(flag) == flagged


def test_reading_refuses_an_empty_table(countries_and_organisations):
    with pytest.raises(ContactListFileError, match="no contacts under it"):
        contact_list_read(name="contacts.csv", content=b"Thematic Area/role,Country,Name,Email address\n")


# --- Issuing an edition in the admin ---------------------------------------------------------


def test_staff_issue_a_new_edition_from_the_change_page(staff_client, demo_data):
    edition = ContactListEdition.objects.get()
    change_page = staff_client.get(reverse("admin:contacts_contactlistedition_change", args=[edition.pk])).text
    issue_url = reverse("admin:contacts_contactlistedition_issue", args=[edition.pk])
    assert issue_url in change_page

    response = staff_client.post(issue_url, {"as_of": "2011-03-01"})
    newer = ContactListEdition.objects.get(as_of="2011-03-01")
    assert response["Location"] == reverse("admin:contacts_contactlistedition_change", args=[newer.pk])
    assert ContactListMember.objects.filter(entry__edition=newer).count() == 29

    again = staff_client.post(issue_url, {"as_of": "2011-03-01"})
    assert again.status_code == 200
    assert "An edition as of 1 March 2011 exists already" in again.text
    assert ContactListEdition.objects.count() == 2
