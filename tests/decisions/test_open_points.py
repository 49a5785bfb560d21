"""Open points of a draft: found in the seed with their paragraph numbers; no adoption while any is left."""

import pytest
from django.urls import reverse

from core.rich_text import render_markdown
from decisions.models import Decision, Paragraph
from decisions.open_points import decision_open_points, find_open_points, mark_open_points
from tests.html_forms import post_form

pytestmark = pytest.mark.django_db


def seed_decision() -> Decision:
    return Decision.objects.get(slug="work-programme-2012")


def test_every_placeholder_of_the_seed_is_found_with_its_paragraph(demo_data):
    points = decision_open_points(list(seed_decision().paragraphs.all()))
    found = [(point.paragraph, point.text) for point in points]
    assert len(found) == 21
    assert found[0] == ("1.", "on September 2011")  # "At its plenary meeting on September 2011": no day
    assert found[1] == ("2. b)", "[venue and location]")
    assert found[2] == ("2. b)", "from to of")
    stand_ins = [text for _, text in found if "State Party" in text and not text.startswith("[")]
    assert stand_ins.count("*State Party*") == 13 and stand_ins.count("(State Party)") == 1
    assert found[-4:] == [
        ("5.", "[name, title and State Party]"),
        ("5.", "______"),
        ("5.", "______"),
        ("5.", "[city, country]"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See [the report](https://example.org) of 2011.", []),
        ("Held at [venue] on ___ 2012.", [("placeholder", "[venue]"), ("blank", "___")]),
        ("Two underscores __ are no blank.", []),
        ("Chaired by *Norway*.", []),
        (
            "Chaired by *State Party* and (State Party).",
            [("stand-in for a State Party", "*State Party*"), ("stand-in for a State Party", "(State Party)")],
        ),
        ("States Parties from the region.", []),
        ("Held on 3 September 2011 and on September 2011.", [("dates left out", "on September 2011")]),
    ],
)
def test_what_counts_as_an_open_point(text, expected):
    assert find_open_points(text) == expected


def change_form(staff_client, decision) -> tuple[str, dict]:
    """The admin's change form of the decision, and what a browser would submit from it as it stands."""
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    return url, post_form(staff_client.get(url).text, url).values


def test_the_admin_lists_the_open_points_and_refuses_adoption_while_any_is_left(staff_client, demo_data):
    decision = seed_decision()
    status_before = decision.status
    url, _data = change_form(staff_client, decision)
    assert "2. b) [venue and location] (placeholder)" in staff_client.get(url).text

    adopt = reverse("admin:decisions_decision_adopt", args=[decision.pk])
    response = staff_client.post(adopt, {"meeting": decision.meeting_id, "adopted_on": "2011-09-16", **FINAL})
    assert response.status_code == 200
    assert (
        "The decision cannot be marked adopted while 21 open points remain: 1. on September 2011; 2. b) [venue and location]"
        in response.text
    )
    assert Decision.objects.get(pk=decision.pk).status == status_before != "adopted"


def test_the_status_menu_offers_no_adoption_outside_the_adopt_step(staff_client, demo_data):
    decision = seed_decision()
    url, data = change_form(staff_client, decision)
    response = staff_client.post(url, data | {"status": "adopted"})
    assert response.status_code == 200
    assert "Select a valid choice. adopted is not one of the available choices." in response.text
    assert Decision.objects.get(pk=decision.pk).status != "adopted"
    # The form as a browser sends it saves: the status was the only thing refused.
    assert staff_client.post(url, data).status_code == 302


# What staff give at adoption besides the meeting and date.
FINAL = {"symbol": "CCM/MSP/2011/5", "title": "Work programme 2012"}


def test_a_decision_with_everything_filled_in_is_adopted(staff_client, demo_data):
    decision = seed_decision()
    for paragraph in decision.paragraphs.all():
        filled = paragraph.text
        for _, text in find_open_points(paragraph.text):
            filled = filled.replace(text, "Norway", 1)
        Paragraph.objects.filter(pk=paragraph.pk).update(text=filled)
    url, _data = change_form(staff_client, decision)
    assert "None: every placeholder is filled in." in staff_client.get(url).text
    adopt = reverse("admin:decisions_decision_adopt", args=[decision.pk])
    response = staff_client.post(adopt, {"meeting": decision.meeting_id, "adopted_on": "2011-09-16", **FINAL})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    adopted = Decision.objects.get(pk=decision.pk)
    assert (adopted.status, adopted.adopted_on.isoformat(), adopted.adopted_at_meeting) == (
        "adopted",
        "2011-09-16",
        decision.meeting,
    )


def test_the_published_draft_marks_every_open_point(client, demo_data):
    page = client.get(seed_decision().get_absolute_url()).text
    assert page.count('<mark class="open-point">') == 21
    for text in ("on September 2011", "from to of", "(State Party)", "<em>State Party</em>", "[city, country]"):
        assert f'<mark class="open-point">{text}</mark>' in page


def test_marking_leaves_link_addresses_and_titles_alone_and_marks_the_text():
    html = render_markdown('[see](http://x/[venue] "[venue]") at [venue] on ___, *State Party*')
    marked = mark_open_points(html)
    assert '<a href="http://x/[venue]" title="[venue]"' in marked
    assert marked.count('<mark class="open-point">') == 3
    for text in ("[venue]", "___", "<em>State Party</em>"):
        assert f'<mark class="open-point">{text}</mark>' in marked


def test_a_greater_than_sign_in_a_quoted_attribute_does_not_end_the_tag():
    marked = mark_open_points('<a href="http://x/" title="a > [venue]">[venue]</a>')
    assert marked == '<a href="http://x/" title="a > [venue]"><mark class="open-point">[venue]</mark></a>'
