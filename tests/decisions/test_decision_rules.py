import pytest
from django.core.exceptions import ValidationError

from core.symbols import parse_symbol
from tests.factories import DecisionFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("symbol", "base", "revision", "amendment"),
    [
        ("CCM/MSP/2011/WP.3", "CCM/MSP/2011/WP.3", 0, 0),
        ("CCM/MSP/2011/WP.X", "CCM/MSP/2011/WP.X", 0, 0),
        ("CCM/MSP/2011/WP.3/Rev.1", "CCM/MSP/2011/WP.3", 1, 0),
        ("CCM/MSP/2011/WP.3/Amend.2", "CCM/MSP/2011/WP.3", 0, 2),
        ("CCM/MSP/2011/WP.3/Rev.2/Amend.1", "CCM/MSP/2011/WP.3", 2, 1),
    ],
)
def test_symbols_parse_revision_and_amendment(symbol, base, revision, amendment):
    parsed = parse_symbol(symbol)
    assert (parsed.base, parsed.revision, parsed.amendment) == (base, revision, amendment)
    decision = DecisionFactory.build(symbol=symbol)
    assert (decision.revision_number, decision.amendment_number) == (revision, amendment)


@pytest.mark.parametrize(
    "symbol", ["ccm/msp/2011", "CCM", "CCM/MSP/2011/WP.3/Rev.0", "CCM/MSP/2011/WP.3/Amend.1/Rev.1", "CCM//WP.1"]
)
def test_malformed_symbol_is_rejected_with_the_expected_shape(symbol):
    decision = DecisionFactory.build(symbol=symbol)
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert "CCM/MSP/2011/WP.3" in str(error.value.message_dict["symbol"])


def test_duplicate_symbol_is_rejected_case_insensitively():
    DecisionFactory(symbol="CCM/MSP/2011/WP.3")
    duplicate = DecisionFactory.build(symbol="CCM/MSP/2011/wp.3")
    with pytest.raises(ValidationError, match="A decision with this symbol already exists"):
        duplicate.full_clean()


def test_many_drafts_may_have_no_symbol_yet():
    DecisionFactory(symbol="")
    DecisionFactory.build(symbol="").full_clean()


def test_paragraph_parent_must_belong_to_the_same_decision():
    elsewhere = ParagraphFactory()
    paragraph = ParagraphFactory.build(decision=DecisionFactory(), parent=elsewhere)
    with pytest.raises(ValidationError, match="same decision"):
        paragraph.full_clean()


def test_paragraph_cannot_be_moved_inside_itself():
    top = ParagraphFactory()
    child = ParagraphFactory(decision=top.decision, parent=top)
    top.parent = child
    with pytest.raises(ValidationError, match="inside itself"):
        top.full_clean()


def test_paragraphs_nest_at_most_three_levels():
    level1 = ParagraphFactory()
    level2 = ParagraphFactory(decision=level1.decision, parent=level1)
    level3 = ParagraphFactory(decision=level1.decision, parent=level2)
    level4 = ParagraphFactory.build(decision=level1.decision, parent=level3)
    with pytest.raises(ValidationError, match="at most 3 levels"):
        level4.full_clean()
