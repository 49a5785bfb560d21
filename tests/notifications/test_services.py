"""The e-mails people expect, made by the services and sent by the task queue (locmem outbox)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import ActionPoint
from notifications import services
from notifications.models import OutgoingMessage, Preferences, Subscriber, SubscriptionRequest
from publishing.models import PublicationEvent
from publishing.services import circulation_deadline_set, comment_add, document_circulate, document_publish
from tests import factories

pytestmark = pytest.mark.django_db


def outbox_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def circulate(minutes, *, by=None, deadline=None, committed):
    with committed():
        version = document_circulate(document=minutes, by=by)
        if deadline:
            circulation_deadline_set(document=minutes, deadline=deadline)
    return version


def test_a_circulated_draft_reaches_each_friend_alone_in_their_language_with_links_and_deadline(
    minutes, friend, french_friend, coordinator, staff_user, run_tasks, committed
):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    version = circulate(minutes, by=staff_user, deadline=deadline, committed=committed)

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "anne@example.org",
        "bruno@example.org",  # the first of his addresses
        "carla@example.org",  # a post holder
    ]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)
    (english,) = outbox_to("anne@example.org")
    assert english.subject == f"For comments: {version.title}"
    assert f"https://portal.example.org{version.get_absolute_url()}" in english.body
    assert "https://portal.example.org/meetings/friends-2011/minutes/draft-1.pdf" in english.body
    assert f"Comments are due by {deadline.day} {deadline:%B %Y}." in english.body
    # Not signed in, a draft does not exist: the sign-in link leads to it.
    assert (
        "https://portal.example.org/accounts/login/?next=%2Fmeetings%2Ffriends-2011%2Fminutes%2Fdraft-1%2F"
        in english.body
    )
    assert "you read drafts for comments as a Friend of the President" in english.body
    assert "https://portal.example.org/notifications/settings/" in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://portal.example.org{version.get_absolute_url()}"' in html
    assert english.extra_headers["Content-Language"] == "en"
    assert "List-Unsubscribe" not in english.extra_headers  # a personal notice, not a list

    (french,) = outbox_to("bruno@example.org")
    assert french.subject.startswith("Pour observations")
    assert "https://portal.example.org/fr/meetings/friends-2011/minutes/draft-1/" in french.body
    assert "https://portal.example.org/fr/notifications/settings/" in french.body
    assert french.extra_headers["Content-Language"] == "fr"
    assert OutgoingMessage.objects.filter(status="sent").count() == 3


def test_the_step_does_not_wait_for_the_e_mails_and_they_are_made_once(minutes, friend, committed, settings):
    # Tests queue tasks without running them: the step commits whatever the queue does.
    circulate(minutes, committed=committed)
    assert mail.outbox == [] and not OutgoingMessage.objects.exists()
    event = PublicationEvent.objects.get(to_state="circulated")
    assert services.circulation_notify(event=event) == 1
    assert services.circulation_notify(event=event) == 0  # a second run (or worker) makes nothing more
    assert OutgoingMessage.objects.get().status == "queued"


def test_friends_who_turned_circulations_off_get_nothing(minutes, friend, run_tasks, committed):
    Preferences.objects.create(person=friend, circulations=False)
    circulate(minutes, committed=committed)
    assert mail.outbox == []


def test_a_reminder_two_days_before_the_deadline_goes_to_those_who_have_not_commented(
    minutes, friend, french_friend, run_tasks, committed
):
    today = timezone.localdate()
    version = circulate(minutes, deadline=today + datetime.timedelta(days=5), committed=committed)
    comment_add(document=minutes, target_key="summary", text="Fine by us.", by=friend.user, version=version)
    mail.outbox.clear()

    assert services.comment_reminders_send(today=today) == 0  # five days before: not yet
    with committed():
        assert services.comment_reminders_send(today=today + datetime.timedelta(days=3)) == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["bruno@example.org"]  # Anne commented
    assert "Rappel" in reminder.subject
    with committed():
        assert services.comment_reminders_send(today=today + datetime.timedelta(days=4)) == 0  # once


def test_no_reminder_once_the_draft_is_published(minutes, friend, run_tasks, committed):
    today = timezone.localdate()
    circulate(minutes, deadline=today + datetime.timedelta(days=2), committed=committed)
    with committed():
        document_publish(document=minutes, by=None)
    mail.outbox.clear()
    assert services.comment_reminders_send(today=today) == 0


def test_staff_get_new_comments_as_a_digest_at_most_once_an_hour(minutes, friend, staff_user, run_tasks, committed):
    version = circulate(minutes, committed=committed)
    mail.outbox.clear()
    comment_add(document=minutes, target_key="summary", text="Add the date of the next meeting.", by=friend.user)
    now = timezone.now()
    with committed():
        assert services.comment_digests_send(now=now) == 1
    (digest,) = mail.outbox
    assert digest.to == ["secretariat@example.org"]
    assert "Add the date of the next meeting." in digest.body
    assert "/admin/publishing/comment/?content_type__id__exact=" in digest.body
    assert version.title in digest.body

    comment_add(document=minutes, target_key="summary", text="A second thought.", by=friend.user)
    with committed():
        assert services.comment_digests_send(now=now + datetime.timedelta(minutes=30)) == 0  # within the hour: waits
    with committed():
        assert services.comment_digests_send(now=now + datetime.timedelta(minutes=62)) == 1
    assert "A second thought." in mail.outbox[1].body
    assert "Add the date of the next meeting." not in mail.outbox[1].body  # reported once


def test_an_action_point_owner_is_told_once_and_reminded_when_overdue(friend, run_tasks, committed):
    point = factories.ActionPointFactory(
        text="Revise the food-for-thought paper.", owner="Anne Friend", owner_person=friend, due_note="by 15 March 2011"
    )
    point.full_clean()
    point.save()
    assert point.due_date == datetime.date(2011, 3, 15)  # read from the words, which stay

    with committed():
        assert services.action_point_notices_send(today=datetime.date(2011, 3, 1)) == 1
    (told,) = mail.outbox
    assert told.to == ["anne@example.org"]
    assert "Revise the food-for-thought paper." in told.body
    assert "Due: 15 March 2011 (by 15 March 2011)" in told.body
    with committed():
        assert services.action_point_notices_send(today=datetime.date(2011, 3, 16)) == 1
    assert mail.outbox[1].subject == "Overdue since 15 March 2011: your action point"
    with committed():
        assert services.action_point_notices_send(today=datetime.date(2011, 3, 17)) == 0
    ActionPoint.objects.filter(pk=point.pk).update(status="done")
    assert services.action_point_notices_send(today=datetime.date(2011, 4, 1)) == 0


def test_an_owner_in_words_only_or_without_an_address_gets_nothing(friend, run_tasks):
    factories.ActionPointFactory(owner="All Friends", due_date=datetime.date(2011, 1, 1))
    no_address = factories.PersonFactory()
    factories.ActionPointFactory(owner_person=no_address, due_date=datetime.date(2011, 1, 1))
    assert services.action_point_notices_send(today=datetime.date(2011, 3, 1)) == 0


def test_a_due_note_that_names_no_single_day_stays_words():
    point = factories.ActionPointFactory.build(
        due_note="in time for the next Friends meeting (end of Jan/beginning of Feb 2011)"
    )
    point.clean()
    assert point.due_date is None


def test_coordinators_hear_when_their_term_starts_and_a_month_before_it_ends(
    coordinator, group_a, run_tasks, committed
):
    appointment = coordinator.appointments.get()
    with committed():
        assert services.term_notices_send(today=appointment.start_date) == 1
    assert mail.outbox[0].to == ["carla@example.org"]
    assert f"Your term as Coordinator of {group_a.name} has started" in mail.outbox[0].subject
    with committed():
        assert services.term_notices_send(today=appointment.end_date - datetime.timedelta(days=31)) == 0
        assert services.term_notices_send(today=appointment.end_date - datetime.timedelta(days=30)) == 1
        assert services.term_notices_send(today=appointment.end_date - datetime.timedelta(days=29)) == 0
    assert "ends on" in mail.outbox[1].subject


def test_a_failed_send_is_kept_and_retried_with_growing_pauses_then_left_failed(friend, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    message = services.message_queue(
        key="test:1",
        kind="test",
        envelope=services.Envelope("anne@example.org", "en", "a test"),
        template="publication",
        context=lambda: {"title": "T", "label": "v1", "version_url": "u", "pdf_url": "p"},
    )
    assert services.message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert "failed, attempt 1" in caplog.text
    assert services.message_send(message_id=message.pk) is False  # not due yet: not even tried
    message.refresh_from_db()
    assert message.attempts == 1

    for _attempt in range(services.MAX_ATTEMPTS - 1):
        OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        services.message_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert message.last_error
    assert "failed for good" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.message_retry(message=message)
    assert services.message_send(message_id=message.pk) is True
    assert outbox_to("anne@example.org")


def test_the_periodic_run_sends_what_the_queue_lost_and_takes_back_dead_claims(friend, run_tasks):
    lost = OutgoingMessage.objects.create(
        key="lost", kind="test", to_address="anne@example.org", subject="s", body_text="t", body_html="<p>t</p>"
    )
    dead = OutgoingMessage.objects.create(
        key="dead",
        kind="test",
        to_address="anne@example.org",
        subject="s",
        body_text="t",
        body_html="<p>t</p>",
        status="sending",
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    services.notifications_due_send()
    assert {m.status for m in OutgoingMessage.objects.filter(pk__in=[lost.pk, dead.pk])} == {"sent"}
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- the public


def subscribe(address, *, client="192.0.2.1", **choices):
    services.subscription_request(
        address=address,
        all_publications=choices.get("all_publications", False),
        groups=choices.get("groups", []),
        document_types=choices.get("document_types", []),
        language=choices.get("language", "en"),
        client=client,
    )


def test_subscribing_takes_a_confirmation_and_publications_then_arrive_with_one_click_unsubscribe(
    minutes, run_tasks, committed
):
    with committed():
        subscribe("reader@example.org", all_publications=True, language="es")
    assert not Subscriber.objects.exists()  # asking subscribes no one
    (confirmation,) = mail.outbox
    request = SubscriptionRequest.objects.get()
    assert f"https://portal.example.org/es/subscribe/confirm/{request.token}/" in confirmation.body
    services.subscription_confirm(request=request)
    subscriber = Subscriber.objects.get()
    assert not SubscriptionRequest.objects.exists()

    with committed():
        version = document_publish(document=minutes, by=None)
    publication = mail.outbox[-1]
    assert publication.to == ["reader@example.org"]
    assert publication.subject.startswith("Publicado")
    unsubscribe = f"https://portal.example.org/es/subscription/{subscriber.token}/unsubscribe/"
    assert publication.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert publication.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"https://portal.example.org/es{version.get_absolute_url()}" in publication.body


def test_subscribers_hear_only_of_what_they_chose(minutes, group_a, group_b, run_tasks, committed):
    from django.contrib.contenttypes.models import ContentType

    from decisions.models import Decision

    minutes.meeting.groups.add(group_a)
    for address, choices in [
        ("a@example.org", {"groups": [group_a]}),
        ("b@example.org", {"groups": [group_b]}),
        ("decisions@example.org", {"document_types": [ContentType.objects.get_for_model(Decision)]}),
        ("minutes@example.org", {"document_types": [ContentType.objects.get_for_model(minutes)]}),
    ]:
        subscribe(address, **choices)
    for request in SubscriptionRequest.objects.all():
        services.subscription_confirm(request=request)
    mail.outbox.clear()
    with committed():
        document_publish(document=minutes, by=None)
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "minutes@example.org"]


def test_the_answer_is_the_same_subscribed_or_not_and_requests_are_throttled(run_tasks, committed):
    with committed():
        subscribe("reader@example.org", all_publications=True)
    services.subscription_confirm(request=SubscriptionRequest.objects.get())
    with committed():
        subscribe("reader@example.org", all_publications=True)  # subscribed already: a link all the same
    assert len(mail.outbox) == 2
    with committed():
        subscribe("reader@example.org", all_publications=True, client="192.0.2.2")
        subscribe("reader@example.org", all_publications=True, client="192.0.2.3")  # the address's fourth today
    assert len(mail.outbox) == 3  # silently not sent: the same answer
    for number in range(services.SUBSCRIBE_LIMIT_PER_CLIENT - 1):
        subscribe(f"{number}@example.org", all_publications=True, client="192.0.2.3")
    with pytest.raises(services.TooManyRequests):
        subscribe("another@example.org", all_publications=True, client="192.0.2.3")


def test_unsubscribing_forgets_the_address():
    subscriber = Subscriber.objects.create(address="reader@example.org", all_publications=True)
    assert services.subscription_cancel(token=subscriber.token) is True
    assert not Subscriber.objects.exists()
    assert services.subscription_cancel(token=subscriber.token) is False


def test_expired_requests_are_forgotten():
    old = SubscriptionRequest.objects.create(address="old@example.org", all_publications=True)
    SubscriptionRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert services.subscription_request_pending(old.token) is None
    assert services.subscription_requests_expire() == 1
