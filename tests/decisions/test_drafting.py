"""Arranging paragraphs (numbers follow), and the frozen text of an adopted decision."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from decisions.models import Decision, Paragraph
from decisions.selectors import paragraph_tree
from decisions.services import decision_adopt, decision_revision_issue
from tests.factories import DecisionFactory, MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


def outline(decision) -> list[str]:
    """ "1. One", "  a) Sub" ... as the decision numbers its paragraphs now."""
    lines = []

    def visit(paragraphs, depth):
        for paragraph in paragraphs:
            lines.append(f"{'  ' * depth}{paragraph.number} {paragraph.text}")
            visit(paragraph.subparagraphs, depth + 1)

    visit(paragraph_tree(Decision.objects.get(pk=decision.pk)), 0)
    return lines


@pytest.fixture
def decision():
    decision = DecisionFactory()
    one = ParagraphFactory(decision=decision, text="One", position=1)
    ParagraphFactory(decision=decision, text="Two", position=2)
    ParagraphFactory(decision=decision, text="Three", position=3)
    ParagraphFactory(decision=decision, parent=one, text="One a", position=1)
    return decision


def act(client, decision, action, text):
    paragraph = Paragraph.objects.get(decision=decision, text=text)
    url = reverse("admin:decisions_decision_arrange", args=[decision.pk])
    return client.post(url, {"action": action, "paragraph": paragraph.pk})


def test_move_indent_and_outdent_renumber_everything(staff_client, decision):
    assert outline(decision) == ["1. One", "  a) One a", "2. Two", "3. Three"]
    act(staff_client, decision, "up", "Three")
    assert outline(decision) == ["1. One", "  a) One a", "2. Three", "3. Two"]
    act(staff_client, decision, "indent", "Three")
    assert outline(decision) == ["1. One", "  a) One a", "  b) Three", "2. Two"]
    act(staff_client, decision, "down", "One a")
    assert outline(decision) == ["1. One", "  a) Three", "  b) One a", "2. Two"]
    # Outdenting "Three" lifts it after "One"; "One a", which followed it, comes along beneath it.
    response = act(staff_client, decision, "outdent", "Three")
    assert response.status_code == 302
    assert outline(decision) == ["1. One", "2. Three", "  a) One a", "3. Two"]
    history = Paragraph.history.filter(text="Three").first()
    assert history.history_user.is_staff


def test_a_move_that_cannot_be_made_is_explained(staff_client, decision):
    response = act(staff_client, decision, "up", "One")
    page = staff_client.get(response["Location"]).text
    assert "This paragraph is already the first at its level." in page
    act(staff_client, decision, "indent", "One a")
    assert "The first paragraph at its level has no paragraph above it" in staff_client.get(response["Location"]).text
    assert outline(decision) == ["1. One", "  a) One a", "2. Two", "3. Three"]


def test_nesting_stops_at_three_levels(staff_client, decision):
    one_a = Paragraph.objects.get(text="One a")
    ParagraphFactory(decision=decision, parent=one_a, text="One a i", position=1)
    ParagraphFactory(decision=decision, parent=one_a, text="One a ii", position=2)
    response = act(staff_client, decision, "indent", "One a ii")
    assert "nested at most 3 levels deep" in staff_client.get(response["Location"]).text


def test_insert_after_a_paragraph_or_inside_it(staff_client, decision):
    url = reverse("admin:decisions_decision_arrange", args=[decision.pk])
    one = Paragraph.objects.get(text="One")
    staff_client.post(url, {"action": "insert", "text": "One and a half", "where": f"after-{one.pk}"})
    staff_client.post(url, {"action": "insert", "text": "One b", "where": f"in-{one.pk}"})
    staff_client.post(url, {"action": "insert", "text": "Last", "where": "end"})
    assert outline(decision) == [
        "1. One",
        "  a) One a",
        "  b) One b",
        "2. One and a half",
        "3. Two",
        "4. Three",
        "5. Last",
    ]


def test_a_forged_paragraph_from_another_decision_changes_nothing(staff_client, decision):
    elsewhere = ParagraphFactory(text="Elsewhere")
    url = reverse("admin:decisions_decision_arrange", args=[decision.pk])
    response = staff_client.post(url, {"action": "up", "paragraph": elsewhere.pk})
    assert "That paragraph or action does not exist here" in staff_client.get(response["Location"]).text
    assert outline(decision) == ["1. One", "  a) One a", "2. Two", "3. Three"]


# ---------------------------------------------------------------- adoption freezes the text


@pytest.fixture
def adopted(decision, staff_user, committed):
    meeting = MeetingFactory(title="Second Meeting of States Parties")
    with committed():
        decision_adopt(
            decision=decision,
            meeting=meeting,
            adopted_on=datetime.date(2011, 9, 16),
            symbol="CCM/MSP/2011/5",
            by=staff_user,
        )
    decision.refresh_from_db()
    return decision


def test_adoption_records_meeting_and_date_and_publishes(adopted, client):
    assert (adopted.status, adopted.adopted_on, adopted.adopted_at_meeting.title) == (
        "adopted",
        datetime.date(2011, 9, 16),
        "Second Meeting of States Parties",
    )
    assert adopted.publication_state == "public"
    page = client.get(adopted.get_absolute_url()).text
    assert "One a" in page and "DRAFT" not in page


def test_an_adopted_text_is_frozen(adopted, staff_client, staff_user):
    paragraph = Paragraph.objects.get(decision=adopted, text="Two")
    for name in ("arrange", "import", "adopt"):
        assert staff_client.get(reverse(f"admin:decisions_decision_{name}", args=[adopted.pk])).status_code == 403
    with pytest.raises(ValidationError, match=re.escape("its text is frozen. A later change needs a new decision.")):
        decision_revision_issue(decision=adopted, by=staff_user)
    change = staff_client.get(reverse("admin:decisions_decision_change", args=[adopted.pk]))
    assert "Adopted on 16 September 2011 at Second Meeting of States Parties" in change.text
    assert 'name="paragraphs-0-text"' not in change.text  # shown read-only
    assert Paragraph.objects.get(pk=paragraph.pk).text == "Two"


def test_adoption_in_the_future_is_refused(decision, staff_client):
    change = staff_client.get(reverse("admin:decisions_decision_change", args=[decision.pk]))
    assert 'name="paragraphs-0-text"' in change.text  # editable until adopted
    url = reverse("admin:decisions_decision_adopt", args=[decision.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = staff_client.post(
        url,
        {"meeting": MeetingFactory().pk, "adopted_on": tomorrow.isoformat(), "symbol": "CCM/MSP/2011/5", "title": "D"},
    )
    assert "The date of adoption cannot be in the future." in response.text
    assert Decision.objects.get(pk=decision.pk).status == "draft"


def test_the_database_refuses_an_adoption_without_its_record(decision):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Decision.objects.filter(pk=decision.pk).update(status="adopted")
