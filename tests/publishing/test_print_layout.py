"""The print layout as a delegation reads it: title block, page furniture, DRAFT, no stray short pages.

Positions are read from the PDF's text (pypdf gives each fragment's place on the page,
in CSS px from the top left, as WeasyPrint draws): the body is what lies between the
page margins, the running header above it and the footer below.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.models import ContactListEdition
from decisions.models import Decision
from decisions.services import decision_revision_issue
from meetings.models import Agenda, Minutes
from tests.factories import DecisionFactory, MeetingFactory, MinutesFactory, ParagraphFactory
from tests.pdf_pages import MM, pages_of, pdf_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_decision(staff_user, committed, render_pdfs) -> Decision:
    """A draft with a symbol and an agenda item, long enough for three pages, published for consultations."""
    msp = MeetingFactory(
        kind="msp", number=2, slug="2msp", title="Second Meeting of States Parties", city="Beirut",
        start_date=datetime.date(2011, 9, 12), end_date=datetime.date(2011, 9, 16),
    )  # fmt: skip
    decision = DecisionFactory(
        symbol="CCM/MSP/2011/WP.3",
        title="Draft decision on the work programme 2012",
        meeting=msp,
        agenda_item="Item 10 of the provisional agenda",
        distribution="limited",
    )
    for number in range(45):
        ParagraphFactory(decision=decision, position=number, text=f"Decides on matter {number}. " * 8)
    with committed():
        decision_revision_issue(decision=decision, by=staff_user, publish=True)
    return decision


def test_title_block_identifies_the_document_on_the_page_and_in_the_pdf(long_decision, client):
    version = long_decision.versions.get()
    page = client.get(version.get_absolute_url()).text
    header = page.split('<article class="document')[1].split("</header>")[0]
    for line in [
        "Convention on Cluster Munitions", '<p class="symbol">CCM/MSP/2011/WP.3</p>', "Distribution: Limited",
        "Original: English", "Second Meeting of States Parties", "Beirut, 12–16 September 2011",
        "Item 10 of the provisional agenda", "Draft decision on the work programme 2012",
    ]:  # fmt: skip
        assert line in header

    first = pages_of(pdf_of(client, version))[0].text("body")
    assert first.startswith(
        f"Convention on Cluster Munitions CCM/MSP/2011/WP.3 Distribution: Limited {version.printed_date} "
        "Original: English Second Meeting of States Parties Beirut, 12–16 September 2011 "
        "Item 10 of the provisional agenda DRAFT"
    )


def test_every_page_of_a_text_not_final_says_draft_with_the_symbol_date_and_page(long_decision, client):
    """Published for consultations is not final: DRAFT on every page, not only the first."""
    version = long_decision.versions.get()
    assert version.kind == version.Kind.PUBLISHED and version.marked_draft
    pages = pages_of(pdf_of(client, version))

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page.text("header"), f"page {number}"
        assert page.text("footer") == f"{version.printed_date} Page {number} of {len(pages)}"
        if number > 1:
            # The running header: the symbol, on one line (one fragment besides DRAFT).
            assert [fragment.text for fragment in page.header if fragment.text != "DRAFT"] == ["CCM/MSP/2011/WP.3"]


def test_final_text_has_no_draft_anywhere(published_demo, client):
    version = Minutes.objects.get().versions.get()
    assert not version.marked_draft
    for page in pages_of(pdf_of(client, version)):
        assert "DRAFT" not in page.text("header") + page.text("body")


@pytest.mark.parametrize("model", [Minutes, Agenda, Decision])
def test_no_page_holds_only_a_few_lines(published_demo, client, model):
    """A page is full unless it is the last, and the last holds more than a stray line or two."""
    pages = pages_of(pdf_of(client, model.objects.get().versions.get()))
    for page in pages[:-1]:
        assert page.body_lines >= 25
    assert pages[-1].body_lines >= 3


def test_the_seed_contact_list_fits_its_page(published_demo):
    """Its second page used to hold one row."""
    edition = ContactListEdition.objects.get()
    with edition.pdf.open("rb") as file:
        pages = pages_of(file.read(), top=12 * MM, bottom=12 * MM)
    assert len(pages) == 1
    assert "UNDP/BCPR" in pages[0].text("body")


def test_numbered_items_hang_under_their_text(published_demo, client):
    """A wrapped agenda item goes on under its first word, not back under its number."""
    body = pages_of(pdf_of(client, Agenda.objects.get().versions.get()))[0].body
    number = next(fragment for fragment in body if fragment.text == "3.")
    first_line = next(fragment for fragment in body if fragment.text.startswith("Clarification/"))
    second_line = next(
        fragment for fragment in body if fragment.y > first_line.y and fragment.text.startswith("Friends")
    )
    assert first_line.y == number.y
    assert second_line.x == first_line.x > number.x


def test_the_minutes_annex_is_headed_annex(published_demo):
    html = Minutes.objects.get().versions.get().html
    assert '<h2 id="annex-heading">Annex</h2>' in html
    assert (
        html.index("Annex")
        < html.index("Friends meeting, 30 November 2010, 13:00 – 15:00")
        < html.index("<h3>Draft agenda</h3>")
    )


def test_minutes_and_agenda_symbols_are_optional_but_checked():
    minutes = MinutesFactory(symbol="")
    minutes.full_clean()  # none: informal meetings' documents often have none

    minutes.symbol = "Minutes of 30 November"
    with pytest.raises(ValidationError) as error:
        minutes.full_clean()
    assert "is not a document symbol" in str(error.value.message_dict["symbol"])

    minutes.symbol = "CCM/FOP/2010/1"
    minutes.full_clean()
    minutes.save()
    assert minutes.reference == "CCM/FOP/2010/1"
    other = Minutes(meeting=MeetingFactory(), symbol="CCM/FOP/2010/1")
    with pytest.raises(ValidationError, match="A document with this symbol already exists"):
        other.full_clean()
    # Nor may a document of another type take it.
    decision = DecisionFactory.build(symbol="ccm/fop/2010/1".upper(), slug="other-decision")
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert error.value.message_dict["symbol"] == [f"CCM/FOP/2010/1 is already the symbol of minutes “{minutes}”."]


def test_every_page_of_a_redline_between_drafts_says_draft(long_decision, staff_user, committed):
    from decisions.redline_pdf import redline_pdf_render

    paragraph = long_decision.paragraphs.first()
    paragraph.text = "Decides on a matter changed in the second round."
    paragraph.save()
    with committed():
        decision_revision_issue(decision=long_decision, by=staff_user, publish=True)
    older, newer = long_decision.revisions.order_by("number")
    stored = redline_pdf_render(older=older, newer=newer)
    with stored.pdf.open("rb") as file:
        pages = pages_of(file.read())
    assert len(pages) >= 3
    assert all("DRAFT" in page.text("header") for page in pages)


def test_a_long_paragraph_with_sub_paragraphs_splits_across_pages(staff_user, committed, render_pdfs, client):
    """It used to go whole to page 2 (a flex item is never split), leaving page 1 nearly empty."""
    decision = DecisionFactory(symbol="CCM/MSP/2011/WP.4")
    ParagraphFactory(decision=decision, position=1, text="Welcomes the paper.")
    second = ParagraphFactory(decision=decision, position=2, text="Decides to:")
    for number in range(30):
        ParagraphFactory(decision=decision, parent=second, position=number, text=f"Convene meeting {number}. " * 6)
    with committed():
        decision_revision_issue(decision=decision, by=staff_user, publish=True)
    pages = pages_of(pdf_of(client, decision.versions.get()))
    assert len(pages) >= 2
    assert pages[0].body_lines >= 25
    assert "Convene meeting 0." in pages[0].text("body")
