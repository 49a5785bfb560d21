"""Redlines on crafted revisions: insert, delete, move, renumber, reworded."""

import io

import pypdf
import pytest
from django.urls import reverse

from decisions.models import Decision, RedlinePdf
from decisions.redline import redline, word_diff
from decisions.revisions import frozen_paragraphs
from decisions.services import decision_revision_issue
from tests.conftest import read_file_response
from tests.factories import DecisionFactory, ParagraphFactory


def para(key, text, parent=None, position=0, **extra):
    return {
        "key": key,
        "parent": parent,
        "position": position,
        "text": text,
        "closing_text": extra.get("closing_text", ""),
        "list_style": extra.get("list_style", "numbered"),
        "continues_numbering": extra.get("continues_numbering", False),
    }


def inner(html) -> str:
    """A one-paragraph text without its <p>."""
    html = str(html)
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


def compare(old, new):
    lines = redline(frozen_paragraphs(old), frozen_paragraphs(new))
    return [(line.change, line.number, inner(line.text), line.moved_from) for line in lines]


BASE = [
    para("k1", "The Meeting welcomed the paper.", position=1),
    para("k2", "States Parties decided to:", position=2),
    para("k2a", "Convene annually.", parent="k2", position=1),
    para("k2b", "Convene in Geneva.", parent="k2", position=2),
    para("k3", "Designate a President.", position=3),
]


def test_identical_revisions_show_no_change():
    assert {change for change, *_ in compare(BASE, BASE)} == {"unchanged"}


def test_words_inserted_and_deleted_are_marked():
    assert inner(word_diff("Convene in Geneva.", "Convene in Geneva in June.")) == (
        "Convene in Geneva<ins> in June</ins>."
    )
    assert inner(word_diff("to be held in Geneva", "to be held in Vienna")) == (
        "to be held in <del>Geneva</del><ins>Vienna</ins>"
    )
    assert inner(word_diff("5 < 6 & 7", "5 < 8 & 7")) == "5 &lt; <del>6</del><ins>8</ins> &amp; 7"  # text is escaped


def test_a_replaced_phrase_reads_as_one_deletion_then_one_insertion():
    # The seed's 2. b): the words must not interleave ("[venue the and Palais location] des Nations").
    old = "Convene an informal intersessional meeting for 2012 at [venue and location] from to of, 2012."
    new = "Convene an informal intersessional meeting for 2012 at the Palais des Nations from to of, 2012."
    assert inner(word_diff(old, new)) == (
        "Convene an informal intersessional meeting for 2012 at "
        "<del>[venue and location]</del><ins>the Palais des Nations</ins> from to of, 2012."
    )


def test_markdown_is_rendered_on_both_sides_never_shown_raw():
    old = "Working Group on Universalization in 2012 (*State Party*), and for 2012 and 2013 (*State Party*);"
    new = "Working Group on Universalization in 2012 (Norway), and for 2012 and 2013 (*State Party*);"
    assert inner(word_diff(old, new)) == (
        "Working Group on Universalization in 2012 (<del><em>State Party</em></del><ins>Norway</ins>), "
        "and for 2012 and 2013 (<em>State Party</em>);"
    )
    assert "*" not in str(word_diff("**Decides** to meet", "*Decides* to meet in June"))


def test_markup_in_a_paragraph_is_sanitized_in_the_redline():
    html = str(word_diff("Meet <script>alert(1)</script> [here](javascript:alert(1)).", "Meet [here](https://x.org)."))
    assert "<script" not in html and "javascript:" not in html
    assert '<a href="https://x.org"' in html


def test_an_inserted_paragraph_renumbers_the_rest_without_marking_them():
    new = [BASE[0], para("new", "Noted the report.", position=2), *[dict(p) for p in BASE[1:]]]
    new[2]["position"], new[5]["position"] = 3, 4
    lines = compare(BASE, new)
    assert lines[1] == ("inserted", "2.", "<ins>Noted the report.</ins>", "")
    # "States Parties decided to:" is now 3., its sub-paragraphs 3. a) and 3. b), the last 4.: no change shown.
    assert [(change, number, moved) for change, number, _text, moved in lines[2:]] == [
        ("unchanged", "3.", ""),
        ("unchanged", "3. a)", ""),
        ("unchanged", "3. b)", ""),
        ("unchanged", "4.", ""),
    ]


def test_a_deleted_paragraph_stays_where_it_stood_with_its_old_number():
    new = [p for p in BASE if p["key"] != "k2a"]
    lines = compare(BASE, new)
    assert lines[2] == ("deleted", "2. a)", "<del>Convene annually.</del>", "")
    assert lines[3][:2] == ("unchanged", "2. a)")  # "Convene in Geneva." moved up a letter: not a change


def test_a_moved_paragraph_is_recognised_and_says_where_it_was():
    new = [dict(BASE[4], position=1), dict(BASE[0], position=2), *BASE[1:4]]
    lines = compare(BASE, new)
    assert lines[0] == ("unchanged", "1.", "Designate a President.", "3.")
    assert all(moved == "" for *_, moved in lines[1:])


def test_a_moved_and_reworded_paragraph_is_both():
    new = [dict(BASE[4], position=1, text="Designate the President."), dict(BASE[0], position=2), *BASE[1:4]]
    change, number, text, moved = compare(BASE, new)[0]
    assert (change, number, moved) == ("changed", "1.", "3.")
    assert text == "Designate <del>a</del><ins>the</ins> President."


def test_a_closing_text_comes_after_the_sub_paragraphs():
    old = [
        para("c", "Establish Working Groups on", position=1, closing_text="each led by one Coordinator."),
        para("c1", "Universalization,", parent="c", position=1),
        para("c2", "Victim Assistance,", parent="c", position=2),
        para("d", "Establish a Coordination Committee.", position=2),
    ]
    new = [dict(p) for p in old]
    new[0]["closing_text"] = "each led by one or two Coordinators."
    lines = redline(frozen_paragraphs(old), frozen_paragraphs(new))
    assert [(line.change, line.number) for line in lines] == [
        ("changed", "1."),
        ("unchanged", "1. a)"),
        ("unchanged", "1. b)"),
        ("closing", ""),
        ("unchanged", "2."),
    ]
    assert inner(lines[3].text) == "each led by one <del>Coordinator</del><ins>or two Coordinators</ins>."
    assert lines[3].depth == 0


def test_bullets_are_named_by_their_place():
    old = [
        para("k3", "The Meeting welcomed the Coordinators:", position=1, list_style="bulleted"),
        para("b1", "Universalization (*State Party*);", parent="k3", position=1),
        para("b2", "Victim Assistance (*State Party*);", parent="k3", position=2),
    ]
    new = [dict(p) for p in old]
    new[2]["text"] = "Victim Assistance (Austria);"
    lines = redline(frozen_paragraphs(old), frozen_paragraphs(new))
    assert [line.number for line in lines] == ["1.", "1., first bullet", "1., second bullet"]
    assert lines[2].change == "changed"


def test_continued_numbering_broken_by_a_move_is_shown_as_renumbered():
    # 2. c) i)–vi), 2. d) vii)–viii) continuing; moving e) above d) breaks the continuation.
    old = [
        para("k2", "State Parties decided to:", position=1),
        para("c", "Establish Working Groups on", parent="k2", position=1),
        *[para(f"c{n}", f"Group {n}", parent="c", position=n) for n in range(1, 7)],
        para("d", "One Coordinator to lead", parent="k2", position=2, continues_numbering=True),
        para("d1", "Reporting and", parent="d", position=1),
        para("d2", "National Implementation Measures", parent="d", position=2),
        para("e", "Establish a Coordination Committee.", parent="k2", position=3),
    ]
    new = [dict(p) for p in old]
    by_key = {p["key"]: p for p in new}
    by_key["e"]["position"], by_key["d"]["position"] = 2, 3
    new = [p for p in new if p["key"] not in {"e"}]
    new.insert(8, by_key["e"])
    lines = redline(frozen_paragraphs(old), frozen_paragraphs(new))
    notes = {line.number: (line.renumbered_from, line.renumbered_to) for line in lines if line.renumbered_from}
    # Under 1.: a) Establish…, then the moved paragraph as b), then "One Coordinator to lead" as c).
    assert notes == {"1. c) i)": ("vii)", "i)"), "1. c) ii)": ("viii)", "ii)")}
    assert [(line.number, line.moved_from) for line in lines if line.moved_from] == [("1. b)", "1. c)")]
    # An insertion before a paragraph is still no change to it.
    assert all(not line.renumbered_from for line in lines if line.key.startswith("c"))


def test_paragraphs_without_shared_keys_are_matched_by_their_wording():
    # A draft imported again from a file gets new keys: similar wording still pairs the paragraphs.
    new = [dict(p, key=f"re-{p['key']}", parent=p["parent"] and f"re-{p['parent']}") for p in BASE]
    new[4]["text"] = "Designate a President and two Vice-Presidents."
    lines = compare(BASE, new)
    assert [change for change, *_ in lines] == ["unchanged", "unchanged", "unchanged", "unchanged", "changed"]
    assert lines[4][2] == "Designate a President<ins> and two Vice-Presidents</ins>."


# ---------------------------------------------------------------- revisions, pages and PDF


@pytest.fixture
def two_rounds(staff_user, committed):
    decision = DecisionFactory(symbol="CCM/MSP/2011/WP.3", slug="wp3")
    first = ParagraphFactory(decision=decision, text="Decides to meet in Geneva.", position=1)
    second = ParagraphFactory(decision=decision, text="Thanks the host.", position=2)
    with committed():
        original = decision_revision_issue(decision=decision, by=staff_user)
        first.text = "Decides to meet in Geneva in June."
        first.save()
        second.delete()
        ParagraphFactory(decision=decision, text="Welcomes the report.", position=0)
        rev1 = decision_revision_issue(decision=decision, by=staff_user)
    return decision, original, rev1


@pytest.mark.django_db
def test_each_round_gets_its_revision_symbol(two_rounds):
    decision, original, rev1 = two_rounds
    assert (original.number, original.symbol, original.version.kind) == (0, "CCM/MSP/2011/WP.3", "circulated")
    assert (rev1.number, rev1.symbol) == (1, "CCM/MSP/2011/WP.3/Rev.1")
    decision.refresh_from_db()
    assert (decision.symbol, decision.status) == ("CCM/MSP/2011/WP.3/Rev.1", "under_consultation")
    assert "CCM/MSP/2011/WP.3/Rev.1" in rev1.version.html


@pytest.mark.django_db
@pytest.mark.usefixtures("two_rounds")
def test_the_redline_page_for_a_friend(friend_client):
    response = friend_client.get(reverse("decisions:redline", kwargs={"slug": "wp3"}))
    assert response.status_code == 200
    page = response.text
    assert "From CCM/MSP/2011/WP.3 (" in page and "to CCM/MSP/2011/WP.3/Rev.1 (" in page
    assert "<ins>Welcomes the report.</ins>" in page
    assert "Decides to meet in Geneva<ins> in June</ins>." in page
    assert "<del>Thanks the host.</del>" in page
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_redline_of_circulated_drafts_is_hidden_from_the_public(two_rounds, client):
    assert client.get(reverse("decisions:redline", kwargs={"slug": "wp3"})).status_code == 404
    assert client.get(reverse("decisions:revision_list", kwargs={"slug": "wp3"})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?older=0&newer=7", "To: There is no revision 7 of this decision that you can read."),
        ("?older=zero&newer=1", "From: There is no revision zero of this decision that you can read."),
        ("?older=1&newer=1", "Choose two different revisions."),
    ],
)
def test_a_bad_pair_of_revisions_is_a_clear_400(two_rounds, friend_client, query, message):
    response = friend_client.get(reverse("decisions:redline", kwargs={"slug": "wp3"}) + query)
    assert response.status_code == 400
    assert message in response.text


@pytest.mark.django_db
def test_the_redline_pdf_is_rendered_once_with_the_marked_text_in_order(render_pdfs, two_rounds, friend_client):
    url = reverse("decisions:redline_pdf", kwargs={"slug": "wp3"}) + "?older=0&newer=1"
    response = friend_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="CCM-MSP-2011-WP.3-Rev.1_redline_0-1.pdf"' in response["Content-Disposition"]
    content = read_file_response(response)
    assert content.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())
    order = ["Welcomes the report.", "Decides to meet in Geneva in June.", "Thanks the host.", "Paragraph removed."]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    again = friend_client.get(url)
    read_file_response(again)
    assert again["ETag"] == response["ETag"]
    assert RedlinePdf.objects.count() == 1  # rendered once, then served from storage


@pytest.mark.django_db
def test_a_published_draft_has_a_public_revision_list(demo_data, client):
    response = client.get(reverse("decisions:revision_list", kwargs={"slug": "work-programme-2012"}))
    assert response.status_code == 200
    assert "Original" in response.text


@pytest.mark.django_db
def test_the_admin_buttons_send_out_the_next_round(staff_client, demo_data):
    decision = Decision.objects.get(slug="work-programme-2012")  # published for consultation as revision 0
    url = reverse("admin:decisions_decision_publishing_step", args=[decision.pk, "circulate"])
    # The confirmation page says where the round goes before staff click.
    assert "its next round is PUBLISHED for everyone to read" in staff_client.get(url).text
    response = staff_client.post(url, follow=True)
    assert "Published as Revision 1; its PDF is being rendered." in response.text
    latest = decision.revisions.latest("number")
    # A draft that is public already goes on in public: the publishing layer never re-circulates it.
    assert (latest.number, latest.version.kind) == (1, "published")
    assert decision.versions.filter(kind="published").count() == 2


@pytest.mark.django_db
def test_the_bulk_circulate_action_leaves_a_public_draft_alone_and_circulates_the_others(staff_client, demo_data):
    public = Decision.objects.get(slug="work-programme-2012")  # published for consultation as revision 0
    private = DecisionFactory(symbol="CCM/MSP/2011/WP.9", slug="wp9")
    ParagraphFactory(decision=private, text="Decides to meet in Geneva.", position=1)
    response = staff_client.post(
        reverse("admin:decisions_decision_changelist"),
        {"action": "circulate_selected", "_selected_action": [public.pk, private.pk]},
        follow=True,
    )
    # No confirmation page in a bulk action: the public draft's next round would have been published unseen.
    assert "is public already, so its next round would be published" in response.text
    assert public.versions.filter(kind="published").count() == 1 and not public.revisions.filter(number=1).exists()
    assert "Circulated to the Friends as" in response.text
    assert private.versions.get().kind == "circulated"
