"""The Friends directory and its exports: for Friends, post holders and staff only, never for the public."""

import codecs
import csv
import datetime
import io
import zipfile

import lxml.html
import openpyxl
import pytest
import vobject
from django.urls import reverse
from pypdf import PdfReader

from contacts.exports import edition_pdf_html
from contacts.models import ContactListEdition, ContactListEntry, ContactListMember, Person
from contacts.services import contact_list_edition_issue, contact_list_pdfs_queue
from publishing import generated
from tests import factories
from tests.conftest import CURRENT_TERM, account_for, read_file_response, signed_in_client
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

AS_OF = "2010-11-12"
URLS = [
    reverse("contacts:directory"),
    reverse("contacts:edition_directory", args=[AS_OF]),
    reverse("contacts:edition_compare"),
    reverse("contacts:edition_csv", args=[AS_OF]),
    reverse("contacts:edition_xlsx", args=[AS_OF]),
    reverse("contacts:edition_vcf", args=[AS_OF]),
    reverse("contacts:edition_pdf", args=[AS_OF]),
]


@pytest.fixture
def demo_friend(published_demo, django_user_model):
    """Philippe Bronchain, on the 2010 list (the newest edition of the demo data, its PDF rendered)."""
    return bronchain(django_user_model)


def bronchain(django_user_model):
    person = Person.objects.get(name="Philippe Bronchain")
    person.user = django_user_model.objects.create_user("bronchain", "p@example.org", "not-used")
    person.save()
    return signed_in_client(person.user)


@pytest.fixture
def stranger(demo_data, django_user_model):
    """Signed in, but linked to no one on the list and holding no post."""
    return signed_in_client(django_user_model.objects.create_user("stranger", "s@example.org", "not-used"))


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_address(client, demo_data, render_pdfs, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert b"@" not in response.content


@pytest.mark.parametrize("url", URLS)
def test_signed_in_users_who_are_not_friends_are_refused(stranger, url):
    response = stranger.get(url)
    assert response.status_code == 403
    assert b"mfa.no" not in response.content


@pytest.mark.parametrize("url", URLS)
def test_friends_and_staff_read_it_and_nothing_is_cached(demo_friend, staff_client, render_pdfs, url):
    for reader in (demo_friend, staff_client):
        response = reader.get(url)
        body = read_file_response(response) if response.streaming else response.content
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert body


def test_a_current_coordinator_off_the_list_reads_it(demo_data):
    person = factories.PersonFactory()
    factories.AppointmentFactory(
        group=WorkingGroup.objects.get(slug="victim-assistance"), country=person.country, **CURRENT_TERM
    )
    response = signed_in_client(account_for(person, "coordinator")).get(reverse("contacts:directory"))
    assert response.status_code == 200


def test_the_directory_groups_people_by_role_with_their_country_and_addresses(demo_friend):
    page = demo_friend.get(reverse("contacts:directory")).text
    norway = page.index("General Status and Operation of the Convention")
    assert page.index("Ingunn Vatne") > norway and page.index("kdo@mfa.no") > norway
    assert page.index("President-designate, 2MSP") < page.index("Najla Assaker") < page.index("Chile meeting")
    assert '<a href="mailto:Stephanie.KARNER@bmeia.gv.at">' in page
    assert "UK Geneva" in page and "Thomas Nash" in page


def test_a_row_without_a_role_is_headed_by_its_country_and_says_nothing_the_list_does_not(demo_friend):
    page = demo_friend.get(reverse("contacts:directory")).text
    sections = lxml.html.fromstring(page).xpath("//section[@class='contact-entry']")
    headings = [
        section.xpath("h2[@id=$id]", id=section.get("aria-labelledby"))[0].text_content() for section in sections
    ]
    assert len(headings) == 17
    # Ireland's role is empty in the list: its heading is the country, after Belgium's row.
    assert headings[3:6] == ["Reporting format/ transparency reporting", "Ireland", "Universalisation"]
    ireland = sections[4]
    assert [item.text_content().split(" · ")[0] for item in ireland.xpath(".//li")] == [
        "James O'Shea",
        "Brian McNally",
    ]
    assert "supporting" not in page and "(no role)" not in page


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("strømø", ["Jon-Erik Strømø"], ["Lou Maresca"]),
        ("diplo.de", ["Jörg-Alexander Albrecht", "Petra Drexler"], ["Ingunn Vatne"]),
        ("geneva", ["Thomas Nash", "Lou Maresca", "Jarmo Sareva"], ["Chisa Sato"]),
        ("Universalisation", ["Chisa Sato", "Shinji Yamashita"], ["Ingunn Vatne"]),
    ],
)
def test_the_directory_is_searchable(demo_friend, query, found, not_found):
    page = demo_friend.get(reverse("contacts:directory"), {"q": query}).text
    for name in found:
        assert name in page
    for name in not_found:
        assert name not in page


def test_a_search_without_hits_says_so(demo_friend):
    assert (
        "No one on this list matches “Atlantis”."
        in demo_friend.get(reverse("contacts:directory"), {"q": "Atlantis"}).text
    )


def test_an_edition_that_does_not_exist_or_a_bad_date_is_404(demo_friend):
    assert demo_friend.get(reverse("contacts:edition_directory", args=["2099-01-01"])).status_code == 404
    assert demo_friend.get(reverse("contacts:edition_directory", args=["12 November"])).status_code == 404


def test_the_directory_takes_the_same_number_of_queries_however_long_the_list(demo_friend, django_assert_num_queries):
    edition = ContactListEdition.objects.get()
    # the session with its account and the account's standing (one query: workgroups.sessions), the
    # editions, the rows, their people
    with django_assert_num_queries(4):
        demo_friend.get(reverse("contacts:directory"))
    for _ in range(20):
        factories.ContactListMemberFactory(entry__edition=edition, addresses=["x@example.org"])
    with django_assert_num_queries(4):
        demo_friend.get(reverse("contacts:directory"))


# --- Editions ---------------------------------------------------------------------------


@pytest.fixture
def two_editions(demo_data):
    older = ContactListEdition.objects.get()
    newer = contact_list_edition_issue(source=older, as_of=datetime.date(2011, 3, 1), by=None)
    ContactListMember.objects.filter(entry__edition=newer, person__name="Philip Kimpton").delete()
    parodi = ContactListMember.objects.get(entry__edition=newer, person__name="Luciano Parodi")
    parodi.addresses = ["luciano.parodi@minrel.gov.cl"]
    parodi.save()
    factories.ContactListMemberFactory(
        entry=parodi.entry,
        person__name="Jane Newcomer",
        person__country=parodi.person.country,
        addresses=["j@minrel.gov.cl"],
    )
    return older, newer


def test_issuing_an_edition_copies_every_row_and_person(demo_data):
    older = ContactListEdition.objects.get()
    newer = contact_list_edition_issue(source=older, as_of=datetime.date(2011, 3, 1), by=None)
    rows = lambda edition: list(  # noqa: E731
        ContactListMember.objects.filter(entry__edition=edition)
        .order_by("entry__position", "position")
        .values_list("entry__role", "person_id", "addresses")
    )
    assert rows(newer) == rows(older) and len(rows(newer)) == 29


def test_two_editions_compare_as_joined_left_and_address_changed(demo_friend, two_editions):
    older, newer = two_editions
    response = demo_friend.get(reverse("contacts:edition_compare"), {"older": newer.pk, "newer": older.pk})
    comparison = response.context["comparison"]
    assert [listing.name for listing in comparison.joined] == ["Jane Newcomer"]
    assert [listing.name for listing in comparison.left] == ["Philip Kimpton"]
    assert [(change.after.name, change.what) for change in comparison.address_changes] == [
        ("Luciano Parodi", ["address"])
    ]
    assert "lparodi@minrel.gov.cl → luciano.parodi@minrel.gov.cl" in response.text
    assert "as of 12 November 2010 to the edition as of 1 March 2011" in response.text  # put in date order


def test_comparing_an_unknown_edition_says_what_is_wrong(demo_friend):
    response = demo_friend.get(reverse("contacts:edition_compare"), {"older": "999999", "newer": "x"})
    assert response.status_code == 200 and response.context["comparison"] is None
    assert "Select a valid choice" in response.text


# --- Exports -------------------------------------------------------------------------------


def test_the_csv_has_the_seed_columns_and_a_line_per_row(demo_friend):
    response = demo_friend.get(reverse("contacts:edition_csv", args=[AS_OF]))
    assert response["Content-Disposition"] == f'attachment; filename="contact-list-{AS_OF}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Excel reads a CSV as UTF-8 only when it starts with the byte order mark.
    assert response.content.startswith(codecs.BOM_UTF8)
    assert "Jon-Erik Strømø".encode() in response.content and "Jörg-Alexander".encode() in response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Thematic Area/role", "Country", "Name", "Email address"]
    assert len(rows) == 18
    assert rows[10] == [
        "International Cooperation and Assistance",
        "South Africa",
        "Siyothula Phakamisa, Rob Wensley",
        "SiyothulaP@dirco.gov.za WensleyD@foreign.gov.za",
    ]
    assert rows[3][2] == "John Mac Bride" and rows[5][:3] == ["", "Ireland", "James O'Shea, Brian McNally"]


def test_the_xlsx_has_the_csvs_columns_and_rows(demo_friend):
    response = demo_friend.get(reverse("contacts:edition_xlsx", args=[AS_OF]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="contact-list-{AS_OF}.xlsx"'
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[value or "" for value in row] for row in sheet.iter_rows(values_only=True)]
    csv_rows = list(
        csv.reader(
            io.StringIO(demo_friend.get(reverse("contacts:edition_csv", args=[AS_OF])).content.decode("utf-8-sig"))
        )
    )
    assert rows == csv_rows and len(rows) == 18
    assert rows[2][2] == "Ingunn Vatne, Jon-Erik Strømø, Annette Abelsen, Kristin Obrestad"
    assert rows[8][2] == "Jörg-Alexander Albrecht, Petra Drexler, Matthias Mielimonka"
    assert sheet.freeze_panes == "A2"


def test_a_cell_a_spreadsheet_would_run_stays_text_in_the_xlsx(demo_friend):
    ContactListEntry.objects.filter(role="Chile meeting").update(role='=HYPERLINK("http://evil","Click")')
    response = demo_friend.get(reverse("contacts:edition_xlsx", args=[AS_OF]))
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]["A14"]
    assert cell.value == '=HYPERLINK("http://evil","Click")'
    assert cell.data_type == "s" and cell.quotePrefix  # text, and stays text when edited
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")


def test_the_vcards_parse_back_one_per_person(demo_friend):
    response = demo_friend.get(reverse("contacts:edition_vcf", args=[AS_OF]))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = list(vobject.readComponents(response.content.decode()))
    assert len(cards) == 29
    by_name = {card.fn.value: card for card in cards}
    stromo = by_name["Jon-Erik Strømø"]
    assert stromo.email.value == "jon.erik.stromo@mfa.no"
    assert stromo.n.value.family == "Strømø" and stromo.n.value.given == "Jon-Erik"
    # FN is the name as the list prints it; N files it under the family name, particles included.
    names = {fn: (card.n.value.family, card.n.value.given) for fn, card in by_name.items()}
    assert names["John Mac Bride"] == ("Mac Bride", "John")
    assert names["Jörg-Alexander Albrecht"] == ("Albrecht", "Jörg-Alexander")
    assert names["Khonepheng Thammavong"] == ("Thammavong", "Khonepheng")
    assert names["James O'Shea"] == ("O'Shea", "James")
    assert stromo.org.value == ["Norway"] and stromo.title.value == "General Status and Operation of the Convention"
    assert by_name["Thomas Nash"].org.value == ["CMC/ICBL"]
    assert {card.version.value for card in cards} == {"3.0"}


def test_the_pdf_is_laid_out_as_the_seed_and_rendered_once(demo_friend, render_pdfs, committed, monkeypatch):
    renders = []
    real_render = generated.html_to_pdf
    monkeypatch.setattr(generated, "html_to_pdf", lambda page: renders.append(1) or real_render(page))
    url = reverse("contacts:edition_pdf", args=[AS_OF])

    first = demo_friend.get(url)  # rendered after the demo data was loaded, not by this request
    body = read_file_response(first)
    assert first["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert first["Content-Disposition"] == f'attachment; filename="contact-list-{AS_OF}.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Friends of the Chair Contact List update as of 12 November 2010" in text
    order = [
        "Thematic Area/role",
        "President 1MSP",
        "Khonepheng Thammavong",
        "khone.tham@gmail.com",
        "Norway",
        "kdo@mfa.no",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    assert text.index("UNDP/BCPR") > text.index("UN ODA")
    read_file_response(demo_friend.get(url))
    assert renders == []  # downloads never render

    # A change to the list queues a new PDF; until it is rendered the old one is not offered.
    ContactListMember.objects.filter(person__name="Lou Maresca").update(addresses=["lou.maresca@icrc.org"])
    pending = demo_friend.get(url)
    assert pending.status_code == 503 and pending["Retry-After"] == "30"
    assert renders == []
    with committed():
        contact_list_pdfs_queue()
    assert renders == [1]
    assert b"%PDF" in read_file_response(demo_friend.get(url))[:5]
    with committed():
        contact_list_pdfs_queue()  # nothing changed since: no new rendering
    assert renders == [1]


def test_the_pdf_prints_the_table_as_the_seed_with_column_headers(demo_data):
    page = lxml.html.fromstring(edition_pdf_html(ContactListEdition.objects.get()))
    table = page.xpath("//table[@class='contact-table']")[0]
    headers = table.xpath("thead/tr/th")
    assert [(th.text_content(), th.get("scope")) for th in headers] == [
        ("Thematic Area/role", "col"),
        ("Country", "col"),
        ("Name", "col"),
        ("Email address", "col"),
    ]
    assert not table.xpath("tbody//th")
    cells = [[td.text_content() for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]
    assert len(cells) == 17
    assert cells[2][2] == "John Mac Bride"
    assert cells[4][:3] == ["", "Ireland", "James O'Shea, Brian McNally"]  # the role cell is empty, as in the list


def test_the_pdf_waits_for_the_worker_when_tasks_are_queued(demo_data, django_user_model):
    # The default test settings queue tasks without running them, as a db_worker deployment would.
    response = bronchain(django_user_model).get(reverse("contacts:edition_pdf", args=[AS_OF]))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "being prepared" in response.text
