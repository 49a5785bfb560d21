"""Friends take part, in a real browser: a Friend comments on a section of circulated minutes,
staff triage the comment and the next draft answers it (issue 20)."""

import pytest
from playwright.sync_api import expect

from demo.accounts import demo_accounts_create
from meetings.models import MinutesSection
from meetings.services import minutes_circulate
from tests.browser.accounts import PASSWORD, sign_in
from tests.factories import MeetingFactory, MinutesFactory

pytestmark = pytest.mark.browser


def test_a_friend_comments_on_a_section_of_circulated_minutes_and_the_next_draft_answers(
    live_demo, new_page, screenshot, settings, django_user_model
):
    settings.DEBUG = True  # demo accounts are made with DEBUG only; the service itself does not check
    demo_accounts_create(password=PASSWORD)
    minutes = MinutesFactory(meeting=MeetingFactory(slug="friends-2012-01", title="Friends meeting"))
    MinutesSection.objects.create(minutes=minutes, position=1, heading="Debrief on 1MSP", body="It went well.")
    MinutesSection.objects.create(minutes=minutes, position=2, heading="Work programme", body="To be drafted.")
    minutes_circulate(minutes=minutes, by=None)

    friend = new_page()
    sign_in(friend, "friend")
    friend.goto("/meetings/friends-2012-01/minutes/")
    debrief = friend.locator("section").filter(has=friend.get_by_role("heading", name="Debrief on 1MSP"))
    debrief.get_by_role("link", name="Comment on this section").click()
    expect(friend.get_by_role("combobox", name="Section")).to_have_value(str(minutes.sections.get(position=1).key))
    friend.get_by_role("textbox", name="Comment:", exact=True).fill("Say which outcomes were reached.")
    friend.get_by_role("textbox", name="Proposed wording:").fill("It went well: the Action Plan was adopted.")
    screenshot(friend, "minutes-comment")
    friend.get_by_role("button", name="Send the comment").click()
    expect(friend.locator("main")).to_contain_text("Your comment on section Debrief on 1MSP was sent.")

    django_user_model.objects.create_superuser("secretariat", "s@example.org", PASSWORD)
    staff = new_page()
    sign_in(staff, "secretariat", admin=True)
    expect(staff.locator("#open-document-comments")).to_contain_text("1 comment on circulated documents")
    staff.locator("#open-document-comments").get_by_role("link").click()
    staff.get_by_role("link", name="Say which outcomes were reached.").click()
    staff.get_by_label("Status").select_option(label="Taken up")
    staff.get_by_label("Response").fill("Added to the debrief.")
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")

    minutes_circulate(minutes=minutes, by=None)
    friend.goto("/meetings/friends-2012-01/minutes/comments/")
    expect(friend.locator("main")).to_contain_text("Taken up, answered in draft 2")
    expect(friend.locator("main")).to_contain_text("Secretariat: Added to the debrief.")
    screenshot(friend, "minutes-comment-answered")
    assert friend.script_errors == staff.script_errors == []
