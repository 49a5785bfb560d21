"""The pages: a reader's settings, and the public's subscription, confirmation and one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Preferences, Subscriber, SubscriptionRequest
from notifications.services import SUBSCRIBE_LIMIT_PER_CLIENT
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_a_friend_sees_and_changes_their_settings(friend, run_tasks):
    client = signed_in_client(friend.user)
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    assert "anne@example.org" in page.text  # their own address, to them only
    assert "comment_digest" not in page.text  # staff's digest is not offered to Friends
    response = client.post(reverse("notifications:settings"), {"language": "es", "action_points": "on"})
    assert response.status_code == 302
    preferences = Preferences.objects.get(person=friend)
    assert (preferences.language, preferences.circulations, preferences.action_points) == ("es", False, True)
    assert "Your notification settings are saved." in client.get(response["Location"]).text


def test_staff_without_a_person_keep_their_digest_setting_on_their_account(staff_client, staff_user):
    page = staff_client.get(reverse("notifications:settings"))
    assert "comment_digest" in page.text
    staff_client.post(reverse("notifications:settings"), {"language": "fr"})
    assert Preferences.objects.get(user=staff_user).comment_digest is False


def test_a_bad_language_is_a_clear_message_and_changes_nothing(friend):
    client = signed_in_client(friend.user)
    response = client.post(reverse("notifications:settings"), {"language": "xx", "circulations": "on"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Preferences.objects.exists()


def confirmation_link(message) -> str:
    return re.search(r"https://portal\.example\.org(\S*/subscribe/confirm/\S+/)", message.body).group(1)


def test_a_visitor_subscribes_confirms_and_unsubscribes_and_the_address_never_shows(
    client, group_a, run_tasks, committed
):
    page = client.get(reverse("notifications:subscribe"))
    assert page.status_code == 200
    with committed():
        response = client.post(
            reverse("notifications:subscribe"),
            {"address": "reader@example.org", "groups": [group_a.pk], "language": "en"},
        )
    assert response["Location"] == reverse("notifications:subscribe_sent")
    (confirmation,) = mail.outbox
    link = confirmation_link(confirmation)
    # Opening the link (a mail scanner does) subscribes no one; the button does.
    assert "Confirm my subscription" in client.get(link).text
    assert not Subscriber.objects.exists()
    confirmed = client.post(link)
    subscriber = Subscriber.objects.get()
    assert list(subscriber.groups.all()) == [group_a]
    manage = reverse("notifications:subscription_manage", args=[subscriber.token])
    for url in (link, manage, reverse("notifications:unsubscribe", args=[subscriber.token])):
        assert "reader@example.org" not in client.get(url).text
    assert "reader@example.org" not in confirmed.text
    assert "no longer valid" in client.get(link).text  # used
    # Mail scanners check links with HEAD: answered, and nobody is unsubscribed by it.
    for url in (manage, reverse("notifications:unsubscribe", args=[subscriber.token])):
        assert client.head(url).status_code == 200
    assert Subscriber.objects.exists()

    # RFC 8058: the mail client's POST, without a session or CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        reverse("notifications:unsubscribe", args=[subscriber.token]), {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200
    assert not Subscriber.objects.exists()


def test_the_answer_does_not_say_whether_an_address_is_subscribed(client, run_tasks):
    Subscriber.objects.create(address="known@example.org", all_publications=True)
    answers = []
    for address in ("known@example.org", "unknown@example.org"):
        response = client.post(
            reverse("notifications:subscribe"), {"address": address, "all_publications": "on", "language": "en"}
        )
        answers.append((response.status_code, response["Location"], client.get(response["Location"]).text))
    assert answers[0] == answers[1]


def test_a_subscription_without_a_choice_or_address_is_refused_with_the_input_kept(client):
    response = client.post(reverse("notifications:subscribe"), {"address": "reader@example.org", "language": "en"})
    assert response.status_code == 400
    assert "Choose what you want to hear about" in response.text
    assert 'value="reader@example.org"' in response.text
    response = client.post(reverse("notifications:subscribe"), {"address": "not an address", "all_publications": "on"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert not SubscriptionRequest.objects.exists() and mail.outbox == []


def test_too_many_requests_from_one_client_are_refused(client, run_tasks, committed):
    for number in range(SUBSCRIBE_LIMIT_PER_CLIENT):
        with committed():
            client.post(
                reverse("notifications:subscribe"),
                {"address": f"r{number}@example.org", "all_publications": "on", "language": "en"},
            )
    response = client.post(
        reverse("notifications:subscribe"),
        {"address": "one-more@example.org", "all_publications": "on", "language": "en"},
    )
    assert response.status_code == 429
    assert "Too many subscription requests" in response.text
    assert len(mail.outbox) == SUBSCRIBE_LIMIT_PER_CLIENT


def test_a_subscriber_changes_their_choices_from_the_link(client, group_a):
    subscriber = Subscriber.objects.create(address="reader@example.org", all_publications=True)
    manage = reverse("notifications:subscription_manage", args=[subscriber.token])
    response = client.post(manage, {"groups": [group_a.pk], "language": "fr"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert (subscriber.all_publications, subscriber.language, list(subscriber.groups.all())) == (False, "fr", [group_a])
    assert client.post(manage, {"language": "fr"}).status_code == 400  # nothing chosen: unsubscribe instead


@pytest.mark.parametrize("key", ["99999999999999999999999", "9223372036854775808", "-5", "1e3", "١٢"])
@pytest.mark.parametrize("field", ["groups", "document_types"])
def test_a_choice_no_column_can_hold_is_refused_as_any_unknown_choice(client, field, key):
    # SQLite's driver raised OverflowError on a 20-digit key: a 500 from any visitor's form (found by a probe).
    response = client.post(
        reverse("notifications:subscribe"), {"address": "z@example.org", "language": "en", field: key}
    )
    assert response.status_code == 400  # the form again, as for an unknown group (not a 500)
    assert not SubscriptionRequest.objects.exists() and not mail.outbox
