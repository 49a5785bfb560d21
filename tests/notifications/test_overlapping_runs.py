"""Two periodic runs at once (two machines' timers, or a slow run overlapping the next): each notice once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from notifications import services
from notifications.models import OutgoingMessage
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_and_send_each_notice_once(friend, run_tasks):
    for number in range(5):
        factories.ActionPointFactory(text=f"Action {number}", owner_person=friend, due_date=datetime.date(2011, 3, 15))
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            services.notifications_due_send()
        except Exception as error:  # reported below: a thread's exception would be lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Each point: told once, reminded (overdue) once.
    assert OutgoingMessage.objects.count() == 10
    assert OutgoingMessage.objects.filter(status="sent").count() == 10
    assert len(mail.outbox) == 10
