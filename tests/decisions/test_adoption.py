"""Adoption is the record: the adopted text under its final symbol and title, with the meeting and date."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from decisions.models import Decision
from decisions.services import decision_adopt, decision_revision_issue
from publishing.models import PublishedVersion
from tests.conftest import read_file_response
from tests.factories import DecisionFactory, MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

STATEMENT = "Adopted at the Second Meeting of States Parties, 16 September 2011."


@pytest.fixture
def adopted(staff_user, committed, render_pdfs) -> Decision:
    """A draft published for consultations in two rounds, then adopted as CCM/MSP/2011/5."""
    msp = MeetingFactory(kind="msp", number=2, slug="2msp", title="Second Meeting of States Parties")
    decision = DecisionFactory(
        slug="work-programme-2012",
        symbol="CCM/MSP/2011/WP.3",
        title="Draft decision on the work programme 2012",
        heading="Draft decisions and recommendations for consultations",
        meeting=msp,
    )
    paragraph = ParagraphFactory(decision=decision, text="Decides to meet in Geneva.")
    with committed():
        decision_revision_issue(decision=decision, by=staff_user, publish=True)
    paragraph.text = "Decides to meet in Geneva in June."
    paragraph.save()
    with committed():
        decision_revision_issue(decision=decision, by=staff_user)
        decision_adopt(
            decision=decision,
            meeting=msp,
            adopted_on=datetime.date(2011, 9, 16),
            symbol="CCM/MSP/2011/5",
            title="Decision on the work programme 2012",
            by=staff_user,
        )
    decision.refresh_from_db()
    return decision


def test_the_adopted_text_is_published_under_its_own_symbol_and_title(adopted, client):
    page = client.get(adopted.get_absolute_url()).text
    assert '<h1 class="document-title">Decision on the work programme 2012</h1>' in page
    assert "CCM/MSP/2011/5" in page.split("</header>")[0]
    assert STATEMENT in page
    assert "Draft decisions and recommendations for consultations" not in page
    assert "DRAFT" not in page
    assert "Decides to meet in Geneva in June." in page
    # The draft rounds stay online, superseded, under their own symbols.
    first = client.get(reverse("decisions:decision_version", args=[adopted.slug, 1])).text
    assert "CCM/MSP/2011/WP.3" in first and "was superseded on" in first


def test_the_pdf_states_the_adoption(adopted, client):
    version = PublishedVersion.objects.filter(decision=adopted).order_by("-created_at").first()
    response = client.get(version.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('CCM-MSP-2011-5_2011-09-16_v3.pdf"')
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(read_file_response(response))).pages)
    text = " ".join(text.split())
    assert text.index("Decision on the work programme 2012") < text.index(STATEMENT) < text.index("Decides to meet")
    assert "Draft decisions" not in text and "DRAFT" not in text


def test_the_adopted_text_is_the_last_revision_with_a_redline_from_the_last_round(adopted, client):
    page = client.get(reverse("decisions:revision_list", args=[adopted.slug])).text
    rounds = page.split('<ol class="revisions" reversed>')[1]
    # Newest first: the adopted text is the last round.
    assert (
        rounds.index("CCM/MSP/2011/5<") < rounds.index("CCM/MSP/2011/WP.3/Rev.1<") < rounds.index("CCM/MSP/2011/WP.3<")
    )
    assert "adopted at the Second Meeting of States Parties, 16 September 2011, published" in rounds
    assert "?older=1&amp;newer=2" in rounds  # changes since /Rev.1
    redline = client.get(reverse("decisions:redline", args=[adopted.slug]), {"older": 1, "newer": 2})
    assert redline.status_code == 200
    assert "Decides to meet in Geneva in June." in redline.text
    picker = page.split('class="filters"')[1].split("</form>")[0]
    assert '<option value="2">CCM/MSP/2011/5' in picker  # the picker offers the adopted text


def test_the_feed_says_adopted(adopted, client):
    feed = client.get(reverse("feed")).text
    assert (
        "CCM/MSP/2011/5: Decision on the work programme 2012 "
        "(adopted at the Second Meeting of States Parties, 16 September 2011)"
    ) in feed


def test_adoption_needs_a_final_symbol(staff_client, staff_user):
    decision = DecisionFactory(symbol="CCM/MSP/2011/WP.3")
    ParagraphFactory(decision=decision, text="Decides.")
    url = reverse("admin:decisions_decision_adopt", args=[decision.pk])
    form = staff_client.get(url).text
    assert 'name="symbol"' in form
    response = staff_client.post(
        url,
        {"meeting": MeetingFactory().pk, "adopted_on": "2011-09-16", "symbol": "not a symbol", "title": "Decision"},
    )
    assert "&quot;not a symbol&quot; is not a document symbol" in response.text
    assert Decision.objects.get(pk=decision.pk).status == "draft"
