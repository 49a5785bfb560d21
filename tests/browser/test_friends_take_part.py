"""Friends take part, in a real browser: a correction to the contact list proposed by a Friend,
accepted by staff and carried into a new edition (issue 20)."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import ContactListEdition
from demo.accounts import demo_accounts_create
from tests.browser.accounts import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_friend_proposes_an_address_and_staff_carry_it_into_a_new_edition(
    live_demo, new_page, screenshot, settings, django_user_model
):
    settings.DEBUG = True  # demo accounts are made with DEBUG only; the service itself does not check
    demo_accounts_create(password=PASSWORD)
    friend = new_page()
    sign_in(friend, "friend")
    friend.goto("/contacts/")
    canada = friend.locator("section, article, div").filter(has_text="John Mac Bride").last
    canada.get_by_role("link", name="Propose a correction").click()
    friend.get_by_label("Who").select_option(label="John Mac Bride")
    friend.get_by_label("E-mail addresses").fill("john.macbride@international.gc.ca")
    friend.get_by_label("Note").fill("His address changed in November.")
    screenshot(friend, "correction-proposed")
    friend.get_by_role("button", name="Send the proposal").click()
    expect(friend.locator("main")).to_contain_text("your proposal is sent to the secretariat")
    expect(friend.locator("main")).to_contain_text("Architecture 2011: Canada")

    django_user_model.objects.create_superuser("secretariat", "s@example.org", PASSWORD)
    staff = new_page()
    sign_in(staff, "secretariat", admin=True)
    expect(staff.locator("#open-contact-list-corrections")).to_contain_text("1 open proposal")
    staff.goto("/admin/contacts/contactlistcorrection/")
    staff.get_by_role("link", name=re.compile(r"Proposal #\d+: Architecture 2011: Canada")).first.click()
    expect(staff.locator("ins")).to_contain_text("john.macbride@international.gc.ca")
    screenshot(staff, "correction-review")
    staff.get_by_role("button", name="Accept into the working edition").click()
    expect(staff.locator(".messagelist")).to_contain_text("ccepted")

    edition = ContactListEdition.objects.get()
    staff.goto(f"/admin/contacts/contactlistedition/{edition.pk}/change/")
    staff.get_by_role("link", name="Issue a new edition").click()
    staff.get_by_label("Update as of").fill("2010-12-01")
    staff.get_by_role("button", name="Issue the new edition").click()
    expect(staff.locator(".messagelist")).to_contain_text("1 accepted correction")

    friend.goto("/contacts/")
    expect(friend.locator("main")).to_contain_text("Update as of 1 December 2010")
    expect(friend.locator("main")).to_contain_text("john.macbride@international.gc.ca")
    friend.goto("/contacts/corrections/")
    expect(friend.locator("main")).to_contain_text("Accepted")
    screenshot(friend, "correction-accepted")
    assert friend.script_errors == staff.script_errors == []
