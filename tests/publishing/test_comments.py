"""Comments on circulated minutes and agendas: the one comments capability decisions use too
(publishing.Comment), per role, against forged targets and versions, closed on publication."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.services import minutes_circulate, minutes_publish
from publishing.models import Comment
from publishing.services import comment_add, document_circulate, document_publish
from tests.conftest import signed_in_client
from tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    MinutesSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(staff_user):
    """Minutes with a summary, two sections and an action point, circulated once as draft 1."""
    meeting = MeetingFactory(slug="friends-2012")
    minutes = MinutesFactory(meeting=meeting, summary="The Friends met.")
    MinutesSectionFactory(minutes=minutes, position=1, heading="Debrief on 1MSP", body="It went well.")
    MinutesSectionFactory(minutes=minutes, position=2, heading="Work programme", body="To be drafted.")
    ActionPointFactory(meeting=meeting, text="Circulate the minutes for comments.")
    minutes_circulate(minutes=minutes, by=staff_user)
    return minutes


def url(minutes) -> str:
    return reverse("meetings:minutes_comments", kwargs={"slug": minutes.meeting.slug})


def section_key(minutes, heading) -> str:
    return str(minutes.sections.get(heading=heading).key)


def post(client, minutes, target, text="Say how well.", **extra):
    return client.post(url(minutes), {"target": target, "text": text, **extra})


@pytest.mark.parametrize("persona", ["friend_user", "coordinator_a_user", "staff_user"])
def test_friends_post_holders_and_staff_comment_on_a_section(request, minutes, persona):
    user = request.getfixturevalue(persona)
    client = signed_in_client(user)
    target = section_key(minutes, "Debrief on 1MSP")
    assert f'value="{target}"' in client.get(url(minutes)).text
    response = post(client, minutes, target, proposed_wording="It went very well.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.document, comment.author, comment.target_key) == (minutes, user, target)
    assert (comment.target_label, comment.version.number, comment.proposed_wording) == (
        "Debrief on 1MSP",
        1,
        "It went very well.",
    )
    page = client.get(response["Location"]).text
    assert "Your comment on section Debrief on 1MSP was sent." in page and "Say how well." in page


def test_the_summary_and_action_points_take_comments_too(minutes, friend_user):
    client = signed_in_client(friend_user)
    point = minutes.meeting.action_points.get()
    assert post(client, minutes, "summary", text="Shorter.").status_code == 302
    assert post(client, minutes, f"action-point-{point.pk}", text="By when?").status_code == 302
    labels = dict(Comment.objects.values_list("text", "target_label"))
    assert labels == {"Shorter.": "Summary", "By when?": "Action point 1"}


def test_anonymous_visitors_sign_in_and_strangers_see_nothing(minutes, client, django_user_model):
    target = section_key(minutes, "Work programme")
    assert client.get(url(minutes)).status_code == 302
    assert post(client, minutes, target).status_code == 302
    stranger = signed_in_client(django_user_model.objects.create_user("stranger", password="x"))
    assert stranger.get(url(minutes)).status_code == 404
    assert post(stranger, minutes, target).status_code == 404
    assert not Comment.objects.exists()


def test_minutes_never_circulated_have_no_comments_page(friend_user):
    internal = MinutesFactory(meeting=MeetingFactory(slug="not-yet"))
    assert signed_in_client(friend_user).get(url(internal)).status_code == 404


def test_a_section_of_other_minutes_or_another_meetings_action_point_is_refused(minutes, friend_user, staff_user):
    other = MinutesFactory(meeting=MeetingFactory(slug="other-meeting"))
    MinutesSectionFactory(minutes=other, heading="Elsewhere")
    foreign_point = ActionPointFactory(meeting=other.meeting)
    minutes_circulate(minutes=other, by=staff_user)
    client = signed_in_client(friend_user)
    for forged in (section_key(other, "Elsewhere"), f"action-point-{foreign_point.pk}", "action-point-x", ""):
        response = post(client, minutes, forged)
        assert response.status_code == 400, forged
    assert "Select a valid choice" in response.text or "This field is required" in response.text
    with pytest.raises(ValidationError, match="That section is not in draft 1"):
        comment_add(document=minutes, target_key=section_key(other, "Elsewhere"), text="x", by=friend_user)
    assert not Comment.objects.exists()


def test_a_version_other_than_the_current_draft_is_refused(minutes, friend_user, staff_user):
    first = minutes.versions.get()
    minutes_circulate(minutes=minutes, by=staff_user)
    with pytest.raises(ValidationError, match="Comments now go to draft 2, not draft 1"):
        comment_add(document=minutes, target_key="summary", text="Late.", by=friend_user, version=first)
    assert not Comment.objects.exists()


def test_comments_close_when_the_minutes_are_published(minutes, friend_user, staff_user, committed):
    client = signed_in_client(friend_user)
    assert "Comment on this draft" in client.get(minutes.get_absolute_url()).text
    with committed():  # the page's kept part is renewed once publication commits
        minutes_publish(minutes=minutes, by=staff_user)
    response = post(client, minutes, "summary")
    assert response.status_code == 400
    assert "Minutes published: comments on the circulated drafts are closed." in response.text
    assert not Comment.objects.exists()
    assert "Comment on this draft" not in client.get(minutes.get_absolute_url()).text


def test_a_comment_follows_its_section_into_the_next_draft(minutes, friend_user, staff_user):
    client = signed_in_client(friend_user)
    post(client, minutes, section_key(minutes, "Work programme"), text="Who drafts it?")
    section = minutes.sections.get(heading="Work programme")
    section.heading, section.position = "Work programme 2012", 0  # renamed and moved first
    section.save()
    minutes_circulate(minutes=minutes, by=staff_user)
    page = client.get(url(minutes)).text
    block = page[page.index(f'id="t-{section.key}"') :]
    assert "Work programme 2012" in block[:300]
    assert block.index("Who drafts it?") < block.index("</section>")
    assert "no longer in the text" not in page


def test_each_reader_sees_their_own_comments_and_staff_see_all(minutes, friend_user, coordinator_a_user, staff_client):
    post(signed_in_client(friend_user), minutes, "summary", text="From the friend.")
    coordinator = signed_in_client(coordinator_a_user)
    post(coordinator, minutes, "summary", text="From the coordinator.")
    own = coordinator.get(url(minutes)).text
    assert "From the coordinator." in own and "From the friend." not in own
    everything = staff_client.get(url(minutes)).text
    assert "From the coordinator." in everything and "From the friend." in everything


def test_markup_is_removed(minutes, friend_user):
    post(signed_in_client(friend_user), minutes, "summary", text='Fine <script>alert("x")</script><b>bold</b>')
    assert Comment.objects.get().text == "Fine bold"


def test_triage_and_the_next_version_answers(minutes, friend_user, staff_client, staff_user):
    client = signed_in_client(friend_user)
    post(client, minutes, "summary", text="Shorter, please.")
    post(client, minutes, section_key(minutes, "Debrief on 1MSP"), text="Not yet seen.")
    triaged = Comment.objects.get(text="Shorter, please.")
    refused = staff_client.post(
        reverse("admin:publishing_comment_change", args=[triaged.pk]), {"status": "not_taken_up", "response": " "}
    )
    assert "Say why it is not taken up (the answer): the author reads it." in refused.text
    triaged.refresh_from_db()
    assert triaged.status == "new"
    response = staff_client.post(
        reverse("admin:publishing_comment_change", args=[triaged.pk]),
        {"status": "not_taken_up", "response": "The summary stays."},
    )
    assert response.status_code == 302
    assert "Shorter, please." in staff_client.get(minutes.get_comments_admin_url()).text
    draft2 = minutes_circulate(minutes=minutes, by=staff_user)
    triaged.refresh_from_db()
    assert triaged.answered_in == draft2
    assert Comment.objects.get(text="Not yet seen.").answered_in is None
    assert [h.status for h in triaged.history.order_by("history_date")] == ["new", "not_taken_up"]
    page = client.get(url(minutes)).text
    assert "Not taken up, answered in draft 2" in page and "Secretariat: The summary stays." in page
    Comment.objects.filter(text="Not yet seen.").update(status="taken_up")
    published = minutes_publish(minutes=minutes, by=staff_user)
    assert Comment.objects.get(text="Not yet seen.").answered_in == published


@pytest.fixture
def agenda(staff_user):
    from meetings.models import Agenda

    meeting = MeetingFactory(slug="agenda-meeting")
    opening = AgendaItemFactory(meeting=meeting, title="Opening", position=1)
    AgendaItemFactory(meeting=meeting, title="Welcome", parent=opening, position=1)
    AgendaItemFactory(meeting=meeting, title="Work plan", position=2)
    agenda = Agenda.objects.create(meeting=meeting)
    document_circulate(document=agenda, by=staff_user)
    return agenda


def test_agenda_items_take_comments_until_the_agenda_is_published(agenda, friend_user, staff_user, django_user_model):
    comments = reverse("meetings:agenda_comments", kwargs={"slug": agenda.meeting.slug})
    client = signed_in_client(friend_user)
    welcome = agenda.meeting.agenda_items.get(title="Welcome")
    response = client.post(comments, {"target": f"item-{welcome.pk}", "text": "Who welcomes?"})
    assert response.status_code == 302
    assert Comment.objects.get().target_label == "1. a) Welcome"
    assert "Comment on this draft" in client.get(agenda.get_absolute_url()).text
    stranger = signed_in_client(django_user_model.objects.create_user("stranger", password="x"))
    assert stranger.get(comments).status_code == 404
    other_item = AgendaItemFactory(meeting=MeetingFactory(slug="elsewhere"), title="Elsewhere")
    assert client.post(comments, {"target": f"item-{other_item.pk}", "text": "x"}).status_code == 400
    document_publish(document=agenda, by=staff_user)
    response = client.post(comments, {"target": f"item-{welcome.pk}", "text": "Late."})
    assert response.status_code == 400 and "comments on the circulated drafts are closed" in response.text
    assert Comment.objects.count() == 1


def test_each_section_of_the_circulated_minutes_offers_a_comment_link(minutes, friend_user, staff_user, client):
    page = signed_in_client(friend_user).get(minutes.get_absolute_url()).text
    debrief = section_key(minutes, "Debrief on 1MSP")
    assert page.count("Comment on this section") == 3  # the summary and both sections
    assert f"{url(minutes)}?target={debrief}#comment-form" in page
    point = minutes.meeting.action_points.get()
    assert f"?target=action-point-{point.pk}#comment-form" in page
    # The link preselects the section on the comments page.
    form = signed_in_client(friend_user).get(f"{url(minutes)}?target={debrief}").text
    assert f'value="{debrief}" selected' in form
    # Not for those who may not comment; not once the minutes are published.
    draft = reverse("meetings:minutes_draft", kwargs={"slug": minutes.meeting.slug, "number": 1})
    assert "Comment on this section" not in client.get(draft).text
    minutes_publish(minutes=minutes, by=staff_user)
    assert "Comment on this section" not in signed_in_client(friend_user).get(draft).text


def test_staff_see_the_comments_not_yet_considered_counted_on_the_admin_index(minutes, friend_user, staff_client):
    client = signed_in_client(friend_user)
    post(client, minutes, "summary", text="One.")
    post(client, minutes, "summary", text="Two.")
    Comment.objects.filter(text="One.").update(status="taken_up")
    page = staff_client.get(reverse("admin:index")).text
    assert "1 comment on circulated documents not yet considered" in page
    assert f"{reverse('admin:publishing_comment_changelist')}?status__exact=new" in page


def test_items_and_action_points_written_after_circulation_are_not_offered(agenda, minutes, friend_user):
    """Staff's working text stays theirs until it is circulated: not a target, not a label on the page."""
    client = signed_in_client(friend_user)
    agenda_comments = reverse("meetings:agenda_comments", kwargs={"slug": agenda.meeting.slug})
    AgendaItemFactory(meeting=agenda.meeting, title="Secret item typed after circulation")
    page = client.get(agenda_comments).text
    assert "Welcome" in page and "The agenda as a whole" in page
    assert "Secret item typed after circulation" not in page
    added = ActionPointFactory(meeting=minutes.meeting, text="A point typed after circulation.")
    assert "A point typed after circulation." not in client.get(url(minutes)).text
    assert post(client, minutes, f"action-point-{added.pk}").status_code == 400


def test_marking_not_taken_up_from_the_list_without_an_answer_is_refused_not_an_error(
    minutes, friend_user, staff_client
):
    post(signed_in_client(friend_user), minutes, "summary", text="Shorter, please.")
    comment = Comment.objects.get()
    response = staff_client.post(
        reverse("admin:publishing_comment_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(comment.pk),
            "form-0-status": "not_taken_up",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "Say why it is not taken up (the answer): the author reads it." in response.text
    comment.refresh_from_db()
    assert comment.status == "new"
