"""Readable redlines on the seed decision: rendered Markdown, phrases, closing texts after their
sub-paragraphs, bullets named by their place everywhere, and continued numbering broken by a move."""

import re

import pytest
from django.urls import reverse

from decisions.models import Decision, Paragraph
from decisions.open_points import decision_open_points
from decisions.services import decision_revision_issue
from publishing.forms import CommentForm
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

SLUG = "work-programme-2012"


def seed_decision() -> Decision:
    return Decision.objects.get(slug=SLUG)


def text_of(html: str) -> str:
    """The page's words with the markup kept, white space collapsed."""
    return " ".join(html.split())


def redline_page(client) -> str:
    response = client.get(reverse("decisions:redline", kwargs={"slug": SLUG}))
    assert response.status_code == 200
    return text_of(response.text)


@pytest.fixture
def seed_rev1(demo_data, staff_user, committed):
    """The seed (published as its original) and a Rev.1 filling in the venue and one stand-in."""
    decision = seed_decision()
    venue = Paragraph.objects.get(decision=decision, text__contains="[venue and location]")
    venue.text = venue.text.replace("[venue and location]", "the Palais des Nations")
    venue.save()
    bullet = Paragraph.objects.get(decision=decision, text__startswith="Working Group on Universalization")
    bullet.text = bullet.text.replace("(*State Party*)", "(Norway)", 1)
    bullet.save()
    with committed():
        decision_revision_issue(decision=decision, by=staff_user)
    return decision


def test_the_seed_redline_reads_as_phrases_with_markdown_rendered(seed_rev1, client):
    page = redline_page(client)
    assert (
        "Convene an informal intersessional meeting for 2012 at "
        "<del>[venue and location]</del><ins>the Palais des Nations</ins> from to of, 2012." in page
    )
    assert (
        '<span class="number">3., second bullet</span> <div class="text"> <p>Working Group on Universalization in '
        "2012 (<del><em>State Party</em></del><ins>Norway</ins>), and for 2012 and 2013 (<em>State Party</em>);</p>"
        in page
    )
    assert "*State Party*" not in page  # never the raw Markdown
    assert "2 paragraphs changed, added, removed, moved or renumbered." in page


def test_the_closing_text_follows_the_sub_paragraphs(seed_rev1, client):
    page = redline_page(client)
    order = [
        "Establish Working Groups on",
        "Cooperation and Assistance;",
        "each led by one or two Coordinators",
        "Establish, in addition to the Working Group Coordinators",
    ]
    positions = [page.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_bullets_are_named_by_their_place_in_open_points_and_comment_targets(seed_rev1):
    points = decision_open_points(list(seed_rev1.paragraphs.all()))
    named = [point.paragraph for point in points]
    assert "3. •" not in named
    assert named.count("3., first bullet") == 2
    assert named.count("3., second bullet") == 1  # the other stand-in was filled in
    assert named[-5] == "3., eighth bullet"
    form = CommentForm(targets=seed_rev1.comment_targets(seed_rev1.revisions.latest("number").version))
    labels = [label for _key, label in form.fields["target"].choices]
    assert any(label.startswith("3., second bullet Working Group on Universalization") for label in labels)
    assert any(label.startswith("2. d) vii) Reporting and") for label in labels)


def test_the_arrange_page_names_bullets_by_their_place(demo_data, staff_client):
    response = staff_client.get(reverse("admin:decisions_decision_arrange", args=[seed_decision().pk]))
    names = re.findall(r'<td class="depth-\d">([^<]+)</td>', response.text)
    assert names[-10:-2] == [
        f"3., {n} bullet" for n in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
    ]
    assert 'aria-label="Move 3., second bullet up"' in response.text


def test_moving_2_e_shows_the_broken_continued_numbering_and_the_redline_says_it(
    demo_data, staff_client, staff_user, client, committed
):
    """Chosen: the move is allowed (staff asked for it), said at once, and shown in the next redline."""
    decision = seed_decision()
    e = Paragraph.objects.get(decision=decision, text__startswith="Establish a Coordination Committee")
    url = reverse("admin:decisions_decision_arrange", args=[decision.pk])
    response = staff_client.post(url, {"action": "up", "paragraph": e.pk}, follow=True)
    assert "Paragraph 2. e) moved (up)." in response.text
    assert (
        "The move changed a continued numbering: 2. d) vii) is now 2. e) i), 2. d) viii) is now 2. e) ii). "
        "The redline of the next revision shows them as renumbered." in response.text
    )
    with committed():
        decision_revision_issue(decision=decision, by=staff_user)
    page = redline_page(client)
    assert "Moved: was 2. e)." in page
    assert "Renumbered from vii) to i): its list's continued numbering changed." in page
    assert "Renumbered from viii) to ii): its list's continued numbering changed." in page
    # The other paragraphs were only renumbered by the move: no note on them.
    assert page.count("Renumbered from") == 2


def test_the_import_preview_numbers_as_the_decision_will(staff_client, seeds_dir):
    seed = (seeds_dir / "draft-decision-work-programme-2012.txt").read_text()
    decision = DecisionFactory()
    response = staff_client.post(reverse("admin:decisions_decision_import", args=[decision.pk]), {"text": seed})
    assert response.status_code == 200
    labels = re.findall(r'<li aria-label="([^"]+)">\s*<span class="number">([^<]*)</span>', response.text)
    by_name = dict(labels)
    assert by_name["2. b)"] == "b)"
    assert by_name["2. c) vi)"] == "vi)"
    assert by_name["2. d) vii)"] == "vii)" and by_name["2. d) viii)"] == "viii)"
    assert by_name["3., second bullet"] == "•"
    assert [name for name, _label in labels][:3] == ["1.", "2.", "2. a)"]
    assert "css/decision_import.css" in response.text  # the browser's own 1., 2., 3. are switched off


# ---------------------------------------------------------------- the word diff on odd input


def test_a_nested_list_stays_inside_its_item_so_the_numbering_goes_on():
    from core.text_diff import markdown_diff

    html = str(markdown_diff("1. a\n    - sub\n2. b", "1. a\n    - sub, changed\n2. b\n3. c"))
    assert html.startswith('<ol><li>a<ul class="nested"><li>sub<ins>, changed</ins></li></ul></li><li>b</li>')
    assert html.count("<ol>") == 1  # b is 2., not a new list's 1.


def test_line_endings_from_a_browser_form_are_no_change():
    from core.text_diff import markdown_diff

    html = str(
        markdown_diff(
            "Ambassador Yong\r\nconfirmed:\r\n\r\n- Norway\r\n- Japan",
            "Ambassador Yong\nconfirmed:\n\n- Norway\n- Japan",
        )
    )
    assert "<ins>" not in html and "<del>" not in html


def test_a_long_text_changed_at_both_ends_is_one_deletion_and_one_insertion():
    """Beyond MAX_WORD_PAIRS the words between the first and the last change are not matched one
    by one (the matcher's work grows with their square): a long pasted text cannot tie up a worker."""
    from core.text_diff import MAX_WORD_PAIRS, markdown_diff

    words = " ".join(f"word{number % 7}" for number in range(int(MAX_WORD_PAIRS**0.5)))  # twice the limit in tokens
    html = str(markdown_diff(f"Start {words} end.", f"Begin {words} finish."))
    assert html.count("<del>") == html.count("<ins>") == 1
    assert html.startswith("<p><del>Start word0") and html.endswith(" finish</ins>.</p>")
    short = str(markdown_diff("Start word1 word2 end.", "Begin word1 word2 finish."))
    assert short == "<p><del>Start</del><ins>Begin</ins> word1 word2 <del>end</del><ins>finish</ins>.</p>"
