"""Action points: the tracker for signed-in users, and carrying open points to the next meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import ActionPoint, Meeting
from meetings.services import REVIEW_TITLE, meeting_add_action_point_review
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_friends_meeting(demo_data):
    return Meeting.objects.get(slug="friends-meeting-2011-early")


def test_open_action_points_are_carried_to_the_next_meeting_of_the_same_kind(next_friends_meeting):
    raised_at = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    done = raised_at.action_points.get(position=4)
    done.status = ActionPoint.Status.DONE
    done.save()
    factories.ActionPointFactory(meeting=Meeting.objects.get(slug="1msp"), text="An MSP matter.")

    review, added = meeting_add_action_point_review(meeting=next_friends_meeting)

    assert added == 3
    assert review.title == REVIEW_TITLE
    assert review.parent is None
    sub_items = list(review.children.order_by("position"))
    assert [item.description for item in sub_items] == [
        point.text for point in raised_at.action_points.filter(status="open").order_by("position")
    ]
    assert sub_items[1].title.startswith("Presidency, from Meeting of the Friends of the President of the 1MSP")
    assert set(next_friends_meeting.reviewed_action_points.all()) == set(raised_at.action_points.filter(status="open"))


def test_carrying_forward_twice_adds_only_new_points(next_friends_meeting):
    review, _added = meeting_add_action_point_review(meeting=next_friends_meeting)
    again, added = meeting_add_action_point_review(meeting=next_friends_meeting)
    assert (again, added) == (review, 0)
    assert review.children.count() == 4

    factories.ActionPointFactory(meeting=Meeting.objects.get(slug="friends-meeting-2010-11-30"), text="One more.")
    _review, added = meeting_add_action_point_review(meeting=next_friends_meeting)
    assert added == 1
    assert review.children.count() == 5
    assert next_friends_meeting.agenda_items.filter(title=REVIEW_TITLE).count() == 1


def test_nothing_to_carry_is_said_plainly(demo_data):
    with pytest.raises(
        ValidationError, match=r"No open action points from earlier meetings of this kind \(Meeting of States Parties\)"
    ):
        meeting_add_action_point_review(meeting=Meeting.objects.get(slug="2msp"))


def test_admin_action_adds_the_review(staff_client, next_friends_meeting):
    response = staff_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "add_action_point_review", "_selected_action": [next_friends_meeting.pk]},
        follow=True,
    )
    assert "4 open action point(s) added to the agenda" in response.text
    assert next_friends_meeting.agenda_items.filter(title=REVIEW_TITLE).exists()


def test_tracker_is_for_signed_in_users(client, friend_client, demo_data):
    url = reverse("meetings:action_point_tracker")
    assert client.get(url)["Location"].startswith(reverse("login"))
    html = friend_client.get(url).text
    assert html.index("All Friends") < html.index("Executive Coordinator") < html.index("Presidency")
    assert "Owner not named" in html  # the first action point of the seed names no owner


def test_tracker_marks_overdue_points_and_filters(friend_client, demo_data):
    meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    group = factories.WorkingGroupFactory(slug="cooperation-workshop")
    factories.ActionPointFactory(
        meeting=meeting,
        owner="Austria",
        text="Circulate the VA paper.",
        due_date=datetime.date(2011, 1, 31),
        group=group,
    )
    factories.ActionPointFactory(
        meeting=meeting, owner="Austria", text="Far future task.", due_date=datetime.date(2999, 1, 1)
    )
    html = " ".join(friend_client.get(reverse("meetings:action_point_tracker")).text.split())
    assert "<strong>Overdue</strong> (due 31 January 2011): Circulate the VA paper." in html
    assert "Due 1 January 2999: Far future task." in html
    filtered = friend_client.get(reverse("meetings:action_point_tracker"), {"group": "cooperation-workshop"}).text
    assert "Circulate the VA paper." in filtered
    assert "Far future task." not in filtered
    assert friend_client.get(reverse("meetings:action_point_tracker"), {"group": "nope"}).status_code == 400


def test_tracker_query_count_does_not_grow(friend_client, demo_data, django_assert_num_queries):
    url = reverse("meetings:action_point_tracker")
    # the session with its account and the account's standing (may they see closed meetings? one query:
    # workgroups.sessions), open action points with meetings and groups, the group filter menu
    with django_assert_num_queries(3):
        friend_client.get(url)
    for meeting in factories.MeetingFactory.create_batch(20):
        factories.ActionPointFactory.create_batch(3, meeting=meeting, group=factories.WorkingGroupFactory())
    with django_assert_num_queries(3):
        assert friend_client.get(url).text.count("Raised at") == 64
