"""The deadline for comments on the admin's Circulate page: in the step's transaction, so the Friends'
e-mails carry it; a deadline in the past is refused and nothing is circulated."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from publishing.models import PublicationEvent, PublicationState
from tests import factories

pytestmark = pytest.mark.django_db


def circulate_url(document) -> str:
    opts = document._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_publishing_step", args=[document.pk, "circulate"])


def test_staff_set_the_deadline_when_circulating_minutes_and_the_friends_read_it(
    staff_client, minutes, friend, run_tasks, committed
):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    assert "Deadline for comments" in staff_client.get(circulate_url(minutes)).text
    with committed():
        response = staff_client.post(circulate_url(minutes), {"comments_deadline": deadline.isoformat()})
    assert response.status_code == 302
    assert PublicationEvent.objects.get(to_state="circulated").comments_deadline == deadline
    (message,) = mail.outbox
    assert f"Comments are due by {deadline.day} {deadline:%B %Y}." in message.body


def test_a_decision_s_round_takes_a_deadline_too(staff_client, friend, run_tasks, committed):
    decision = factories.DecisionFactory(symbol="CCM/MSP/2011/WP.9")
    factories.ParagraphFactory(decision=decision, text="Decides to meet in Geneva.")
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    with committed():
        staff_client.post(circulate_url(decision), {"comments_deadline": deadline.isoformat()})
    assert PublicationEvent.objects.get(to_state="circulated").comments_deadline == deadline
    assert "CCM/MSP/2011/WP.9" in mail.outbox[0].body


def test_a_deadline_in_the_past_is_refused_and_nothing_is_circulated(staff_client, minutes, friend, run_tasks):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = staff_client.post(circulate_url(minutes), {"comments_deadline": yesterday.isoformat()})
    assert response.status_code == 200
    assert "The deadline for comments cannot be in the past." in response.text
    minutes.refresh_from_db()
    assert minutes.publication_state == PublicationState.INTERNAL
    assert mail.outbox == []


def test_circulating_without_a_deadline_still_works(staff_client, minutes, friend, run_tasks, committed):
    with committed():
        staff_client.post(circulate_url(minutes), {"comments_deadline": ""})
    assert PublicationEvent.objects.get(to_state="circulated").comments_deadline is None
    assert "due by" not in mail.outbox[0].body
