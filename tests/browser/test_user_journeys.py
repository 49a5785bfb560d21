"""What the three kinds of users do, in a real browser: read, edit, publish."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import demo_accounts_create
from meetings.models import Minutes
from tests import factories
from tests.browser.accounts import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_visitor_finds_the_minutes_and_downloads_the_pdf(live_demo, page, screenshot):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Minutes").click()
    expect(page).to_have_title(re.compile("Minutes"))
    screenshot(page, "minutes-list")
    page.get_by_role("link", name=re.compile("Friends of the President")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting of the Friends of the President")
    screenshot(page, "minutes-page")
    pdf_link = page.get_by_role("link", name=re.compile("PDF")).first
    href = pdf_link.get_attribute("href")
    # The browser opens its PDF viewer on a click; fetch the same link through the browser to check the file.
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert ".pdf" in response.headers["content-disposition"]
    pdf_link.click()
    expect(page).to_have_url(re.compile(r"\.pdf$"))
    assert page.script_errors == []


def test_a_coordinator_signs_in_edits_the_group_page_and_the_public_sees_it(live_demo, new_page, screenshot, settings):
    settings.DEBUG = True  # demo accounts are made with DEBUG only; the service itself does not check
    demo_accounts_create(password=PASSWORD)
    coordinator = new_page()
    sign_in(coordinator, "coordinator")
    expect(coordinator.get_by_role("heading", name="My groups")).to_be_visible()
    screenshot(coordinator, "my-groups")

    coordinator.get_by_role("link", name="Page").first.click()
    coordinator.get_by_label("Overview").fill("Norway convenes the group on **12 March**.")
    coordinator.get_by_role("button", name="Preview").click()
    expect(coordinator.locator(".preview strong")).to_have_text("12 March")
    screenshot(coordinator, "group-page-preview")
    coordinator.get_by_role("button", name="Save and publish").click()
    expect(coordinator.get_by_text("The page is saved and public.")).to_be_visible()
    screenshot(coordinator, "group-page-saved")

    visitor = new_page()
    visitor.goto("/groups/general-status-and-operation/")
    expect(visitor.locator("main")).to_contain_text("Norway convenes the group on 12 March.")
    expect(visitor.get_by_role("link", name="Edit the page")).to_have_count(0)
    assert coordinator.script_errors == visitor.script_errors == []


def test_staff_circulate_and_publish_minutes_in_the_admin(live_demo, new_page, screenshot, django_user_model):
    django_user_model.objects.create_superuser("secretariat", "s@example.org", PASSWORD)
    meeting = factories.MeetingFactory(title="Friends meeting of 3 March 2011", slug="friends-2011-03-03")
    minutes = factories.MinutesFactory(
        meeting=meeting, summary="The Friends agreed the 2011 timetable.", publication_state="internal"
    )
    staff = new_page()
    sign_in(staff, "secretariat", admin=True)
    staff.goto(f"/admin/meetings/minutes/{minutes.pk}/change/")
    screenshot(staff, "admin-minutes")

    for step, message in (("Circulate", "Circulated as draft 1"), ("Publish", "Published as version 1")):
        staff.get_by_role("link", name=step, exact=True).click()
        staff.get_by_role("button", name=re.compile(step)).click()
        expect(staff.locator(".messagelist")).to_contain_text(message)
    screenshot(staff, "admin-minutes-published")

    assert Minutes.objects.get(pk=minutes.pk).publication_state == "public"
    visitor = new_page()
    visitor.goto(Minutes.objects.get(pk=minutes.pk).get_absolute_url())
    expect(visitor.locator("main")).to_contain_text("The Friends agreed the 2011 timetable.")
