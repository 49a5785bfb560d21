"""E-mail in a real browser, through a real SMTP server: a Friend told of a circulated draft follows the
e-mail's link to it; a member of the public subscribes, confirms and unsubscribes in one click (issue 18)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import EmailAddress
from demo.accounts import demo_accounts_create
from meetings.models import MinutesSection
from notifications.models import Subscriber
from publishing.services import document_publish
from tests.browser.accounts import PASSWORD, sign_in
from tests.factories import MeetingFactory, MinutesFactory
from tests.notifications.smtp_server import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def link_in(message, pattern: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, text).group(0)


def test_a_friend_receives_the_circulation_e_mail_and_follows_its_link_to_the_draft(
    live_demo,
    live_server,
    new_page,
    screenshot,
    settings,
    django_user_model,
    smtp_server,  # noqa: F811
):
    settings.DEBUG = True  # demo accounts are made with DEBUG only; the service itself does not check
    settings.PORTAL_URL = live_server.url
    demo_accounts_create(password=PASSWORD)
    friend_address = EmailAddress.objects.filter(person__user__username="friend").order_by("position").first().address
    minutes = MinutesFactory(meeting=MeetingFactory(slug="friends-2012-01", title="Friends meeting"))
    MinutesSection.objects.create(minutes=minutes, position=1, heading="Debrief on 1MSP", body="It went well.")

    django_user_model.objects.create_superuser("secretariat", "s@example.org", PASSWORD)
    staff = new_page()
    sign_in(staff, "secretariat", admin=True)
    staff.goto(f"/admin/meetings/minutes/{minutes.pk}/change/")
    staff.get_by_role("link", name="Circulate", exact=True).click()
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    staff.get_by_label("Deadline for comments").fill(deadline.isoformat())
    screenshot(staff, "circulate-with-deadline")
    staff.get_by_role("button", name="Circulate").click()
    expect(staff.locator(".messagelist")).to_contain_text("Circulated as draft 1")

    smtp_server.wait_for(1)
    (message,) = smtp_server.to(friend_address)
    assert message["To"] == friend_address
    assert f"Comments are due by {deadline.day} {deadline:%B %Y}." in message.get_body(("plain",)).get_content()
    draft_link = link_in(message, rf"{re.escape(live_server.url)}/meetings/friends-2012-01/minutes/draft-1/")
    assert link_in(message, r"\S+/draft-1\.pdf")

    # Drafts do not exist for a reader who is not signed in: the e-mail's sign-in link leads to the draft.
    sign_in_link = link_in(message, rf"{re.escape(live_server.url)}/accounts/login/\?next=\S+")
    friend = new_page()
    friend.goto(sign_in_link)
    friend.get_by_label("Username").fill("friend")
    friend.get_by_label("Password").fill(PASSWORD)
    friend.get_by_role("button", name="Sign in").click()
    expect(friend).to_have_url(draft_link)
    expect(friend.locator("main")).to_contain_text("DRAFT 1")
    expect(friend.locator("main")).to_contain_text("It went well.")
    screenshot(friend, "circulated-draft-from-e-mail")
    friend.goto(draft_link)  # and the draft's own link, now signed in
    expect(friend.locator("main")).to_contain_text("DRAFT 1")

    friend.goto("/notifications/settings/")
    expect(friend.locator("main")).to_contain_text(friend_address)
    friend.get_by_label("Language of e-mails").select_option("fr")
    friend.get_by_role("button", name="Save the settings").click()
    expect(friend.locator("main")).to_contain_text("Your notification settings are saved.")
    screenshot(friend, "notification-settings")
    assert friend.script_errors == staff.script_errors == []


def test_a_visitor_subscribes_confirms_and_unsubscribes_in_one_click(
    live_demo,
    live_server,
    new_page,
    screenshot,
    settings,
    smtp_server,  # noqa: F811
):
    settings.PORTAL_URL = live_server.url
    visitor = new_page()
    visitor.goto("/subscribe/")
    visitor.get_by_label("Your e-mail address").fill("reader@example.org")
    visitor.get_by_label("Every publication").check()
    screenshot(visitor, "subscribe")
    visitor.get_by_role("button", name="Subscribe").click()
    expect(visitor.locator("main")).to_contain_text("Check your inbox")
    expect(visitor.locator("main")).not_to_contain_text("reader@example.org")

    smtp_server.wait_for(1)
    (confirmation,) = smtp_server.to("reader@example.org")
    visitor.goto(link_in(confirmation, rf"{re.escape(live_server.url)}/subscribe/confirm/\S+/"))
    visitor.get_by_role("button", name="Confirm my subscription").click()
    expect(visitor.locator("main")).to_contain_text("You are subscribed")
    screenshot(visitor, "subscribed")
    assert Subscriber.objects.filter(address="reader@example.org").exists()

    minutes = MinutesFactory(meeting=MeetingFactory(slug="friends-2012-02", title="Friends meeting"))
    document_publish(document=minutes, by=None)
    smtp_server.wait_for(2)
    publication = smtp_server.to("reader@example.org")[-1]
    unsubscribe = publication["List-Unsubscribe"].strip().strip("<>")
    assert publication["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(publication, rf"{re.escape(live_server.url)}/meetings/friends-2012-02/minutes/v1/")

    visitor.goto(unsubscribe)
    expect(visitor.locator("main")).not_to_contain_text("reader@example.org")
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.locator("main")).to_contain_text("You are unsubscribed")
    screenshot(visitor, "unsubscribed")
    assert not Subscriber.objects.exists()
    assert visitor.script_errors == []
