"""Every answer says how long it may be kept (core/cache_policy.py): a proxy never keeps a meeting's page,
a feed or a calendar by its own guess, and never shares what belongs to one reader.

The whole site, every role, is crawled by tests/test_security.py (not_cacheable_for); these are the
cases the probes of the production stack found, and what revalidation gives a reader."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(slug="intersessional-2012", title="Intersessional meetings", is_public=True)


def public_addresses(meeting) -> list[str]:
    return [
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_detail", kwargs={"slug": meeting.slug}),
        "/fr" + reverse("meetings:meeting_detail", kwargs={"slug": meeting.slug}),
        reverse("meetings:calendar_month", kwargs={"year": 2012, "month": 1}),
        reverse("meetings:meetings_ics"),
        reverse("meetings:meeting_ics", kwargs={"slug": meeting.slug}),
        reverse("sitemap"),
        reverse("feed"),
        "/fr" + reverse("feed"),
        reverse("workgroups:group_list"),
    ]


@pytest.mark.parametrize(
    ("reader", "expected"),
    [("anonymous", {"public", "no-cache"}), ("signed in", {"private", "no-cache"})],
)
def test_pages_feeds_and_calendars_are_asked_again_each_time_and_private_when_signed_in(
    client, meeting, django_user_model, reader, expected
):
    if reader == "signed in":
        client = signed_in_client(django_user_model.objects.create_user("reader", "reader@example.org", "not-used"))
    for address in public_addresses(meeting):
        response = client.get(address)
        assert response.status_code == 200, address
        assert directives(response) == expected, address
        assert "Cookie" in response["Vary"], address


def test_an_answer_carrying_something_of_the_visitors_is_private(client, db):
    sign_in = client.get(reverse("login"))  # its form holds a CSRF token of this visitor's
    assert sign_in.status_code == 200
    assert "public" not in directives(sign_in)
    assert {"private", "no-cache"} <= directives(sign_in)
    chosen = client.get(reverse("choose_language", kwargs={"language": "fr"}) + "?next=/meetings/")
    assert chosen.cookies  # the language cookie
    assert "public" not in directives(chosen)
    assert "private" in directives(chosen)


def test_what_a_view_says_itself_is_kept(client, db):
    assert "no-store" in directives(client.get(reverse("healthz")))


def test_a_cancelled_meeting_is_seen_at_the_next_visit_not_a_kept_copy(client, meeting):
    address = reverse("meetings:meeting_detail", kwargs={"slug": meeting.slug})
    first = client.get(address)
    assert "no-cache" in directives(first)
    # Asked again (as no-cache requires): unchanged, a 304; changed, the new page.
    assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    meeting.title = "Intersessional meetings (cancelled)"
    meeting.save()
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"(cancelled)" in again.content
