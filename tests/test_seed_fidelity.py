"""The published documents say exactly what the seed documents say, word for word and in order.

Every line of the seeds (the minutes, their annexed agenda, the decision) is compared with
the text of the HTML page and of the PDF. The seeds are typed documents with Markdown
marks and a table; the comparison reads them as a reader does (bold and italics are
formatting, list bullets are marks, line breaks and page breaks are spaces). The only
other differences allowed are the repairs below, each listed in the README ("Documents:
what the portal repairs in the seeds") with its reason, and what a secretariat adds to
every document: the title block and, in the minutes, the "Annex" heading.
"""

import csv
import difflib
import io
import re

import lxml.html
import pytest

from contacts.exports import edition_csv
from contacts.models import ContactListEdition
from decisions.models import Decision
from meetings.models import Agenda, Minutes
from tests.pdf_pages import MM, pages_of, pdf_of

pytestmark = pytest.mark.django_db

MINUTES_SEED = "friends-meeting-2010-11-30-minutes.txt"
DECISION_SEED = "draft-decision-work-programme-2012.txt"

# (seed text, as published): every difference from the seed the portal makes.
REPAIRS = {
    "agenda": [
        # The dash before the lead was typed inside the bold title ("for 2011–** (Exec Coord.)").
        ("for 2011– (Exec Coord.)", "for 2011 – (Exec Coord.)"),
    ],
    # The seed separates some names of one row by a comma and some by nothing; the list
    # separates them all by commas (each is a person of its own).
    "contacts": [
        (f"{first} {second}", f"{first}, {second}")
        for first, second in [
            ("Annette Abelsen", "Kristin Obrestad"),
            ("Petra Drexler", "Matthias Mielimonka"),
            ("Siyothula Phakamisa", "Rob Wensley"),
            ("Najla Assaker", "Ahmad Arafa"),
            ("Thomas Nash", "Tamar Gabelnik"),
            ("Jarmo Sareva", "Peter Kolarov"),
            ("Sara Sekkenes", "Esteban Olhagaray"),
        ]
    ],
    "decision": [
        # A word split across two table cells by the seed's layout ("Ba | on").
        ("2. Ba on the proposals", "2. Based on the proposals"),
        # A missing space after the number.
        ("4.Draft decisions", "4. Draft decisions"),
    ],
}


def words(text: str) -> str:
    """One line, single spaces, no list bullets: how a reader (and a screen reader) meets the text."""
    return re.sub(r"\s+", " ", text.replace("•", " ")).strip()


def repaired(text: str, kind: str) -> str:
    for seed_wording, published in REPAIRS.get(kind, []):
        assert seed_wording in text, f"the repair {seed_wording!r} no longer applies: remove it here and in the README"
        text = text.replace(seed_wording, published)
    return text


def seed_lines(text: str) -> list[str]:
    """The seed's lines as text: Markdown marks and bullets dropped, table cells read in order."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if all(set(cell) <= {"-"} for cell in cells):
                continue  # the table's header separator
            line = " ".join(cell for cell in cells if cell)
        line = re.sub(r"^-(\s|$)", "", line).strip()  # a bullet (an empty one leaves nothing)
        line = line.replace("**", "").replace("*", "")
        if line:
            lines.append(line)
    return lines


@pytest.fixture
def seeds(seeds_dir) -> dict[str, str]:
    minutes_file = (seeds_dir / MINUTES_SEED).read_text(encoding="utf-8")
    agenda_start = minutes_file.index("Friends meeting, 30 November 2010, 13:00")
    contacts_start = minutes_file.index("Friends of the Chair Contact List")
    decision_file = (seeds_dir / DECISION_SEED).read_text(encoding="utf-8")
    return {
        "minutes": words(" ".join(seed_lines(minutes_file[:agenda_start]))),
        "agenda": repaired(words(" ".join(seed_lines(minutes_file[agenda_start:contacts_start]))), "agenda"),
        "decision": repaired(words(" ".join(seed_lines(decision_file))), "decision"),
    }


def title_block(version, *meeting_lines: str) -> str:
    symbol = f"{version.symbol} " if version.symbol else ""
    block = f"Convention on Cluster Munitions {symbol}Distribution: General {version.printed_date} Original: English"
    return words(" ".join([block, *meeting_lines]))


def html_text(fragment: str) -> str:
    """The text of a version's frozen HTML, each block on its own line."""
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in tree.iter("p", "li", "h1", "h2", "h3", "div", "section", "header", "ol", "ul"):
        element.tail = f"\n{element.tail or ''}"
    return words(tree.text_content())


def pdf_body_text(body: bytes, *, top: float = 22 * MM, bottom: float = 20 * MM) -> str:
    """The text inside each page's body area: the running header and the footer are page
    furniture (checked by the PDF/UA tests as artifacts), not the document's text."""
    return words("\n".join(page.body_text for page in pages_of(body, top=top, bottom=bottom)))


def assert_same_words(expected: str, actual: str) -> None:
    if expected != actual:
        diff = difflib.ndiff(expected.split(" "), actual.split(" "))
        changes = [line for line in diff if line[:1] in "+-"]
        pytest.fail(f"the published text differs from the seed ('-' seed, '+' published): {changes[:40]}")


def test_minutes_with_their_annexed_agenda_say_what_the_seed_says(client, published_demo, seeds):
    version = Minutes.objects.get().versions.get()
    expected = f"{title_block(version)} {seeds['minutes']} Annex {seeds['agenda']}"

    assert_same_words(expected, html_text(version.html))
    assert_same_words(expected, pdf_body_text(pdf_of(client, version)))


def test_agenda_says_what_the_seed_annex_says(client, published_demo, seeds):
    version = Agenda.objects.get().versions.get()
    expected = f"{title_block(version)} {seeds['agenda']}"

    assert_same_words(expected, html_text(version.html))
    assert_same_words(expected, pdf_body_text(pdf_of(client, version)))


def test_decision_says_what_the_seed_says(client, published_demo, seeds):
    version = Decision.objects.get().versions.get()
    expected = f"{title_block(version, 'Second Meeting of States Parties', 'Beirut, 12–16 September 2011')} {seeds['decision']}"

    assert_same_words(expected, html_text(version.html))
    assert_same_words(expected, pdf_body_text(pdf_of(client, version)))


@pytest.fixture
def contact_rows(seeds_dir) -> list[list[str]]:
    """The seed contact list's rows (title, header, one row per role), cells as the seed has them, repaired."""
    minutes_file = (seeds_dir / MINUTES_SEED).read_text(encoding="utf-8")
    section = repaired(minutes_file[minutes_file.index("Friends of the Chair Contact List") :].strip(), "contacts")
    return [[cell.strip() for cell in line.split("\t")] for line in section.splitlines() if line.strip()]


def test_contact_list_pdf_and_csv_say_what_the_seed_says(published_demo, contact_rows):
    edition = ContactListEdition.objects.get()
    with edition.pdf.open("rb") as file:
        pdf = pdf_body_text(file.read(), top=14 * MM, bottom=13 * MM)
    title, *table = contact_rows
    assert_same_words(words(" ".join([title[0], *(cell for row in table for cell in row)])), pdf)

    csv_rows = list(csv.reader(io.StringIO(edition_csv(edition).removeprefix("\ufeff"))))
    assert csv_rows == table  # every cell, Ireland's empty role included


def test_agenda_keeps_the_seed_emphasis_and_leads(published_demo):
    """Bold titles (items and the areas of work, not "Discussion"), leads printed as the seed prints them."""
    html = Agenda.objects.get().versions.get().html
    assert "<strong>Short debrief of 1MSP</strong>" in html
    assert "<strong>Victim Assistance</strong> (undertaken by Austria" in html
    assert "<strong>Discussion</strong>" not in html
    assert "– (Exec. Coord.)," in html
    assert "2MSP</strong> – Lebanon" in html and "(Lebanon)" not in html


def test_a_repair_is_listed_in_the_readme(seeds_dir):
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for kind_repairs in REPAIRS.values():
        for seed_wording, published in kind_repairs:
            assert f"“{seed_wording}” → “{published}”" in readme
