"""Consultation comments: who may comment, on what, and how the next revision answers them."""

import re

import pytest
from django.urls import reverse

from decisions.models import Decision
from decisions.services import decision_revision_issue
from publishing.models import Comment
from tests.conftest import signed_in_client
from tests.factories import DecisionFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff_user):
    """A draft in consultation: 1. with a) under it, circulated to the Friends as the original."""
    decision = DecisionFactory(slug="wp5", symbol="CCM/MSP/2011/WP.5")
    top = ParagraphFactory(decision=decision, text="States Parties decided to:", position=1)
    ParagraphFactory(decision=decision, parent=top, text="Meet in [venue].", position=1)
    decision_revision_issue(decision=decision, by=staff_user)
    return decision


def keys(decision) -> dict[str, str]:
    return {item["text"]: item["key"] for item in decision.revisions.latest("number").paragraphs}


def post_comment(client, decision, paragraph_text, text="Name the venue.", **extra):
    return client.post(
        reverse("decisions:comment_list", kwargs={"slug": decision.slug}),
        {"target": keys(decision)[paragraph_text], "text": text, **extra},
    )


@pytest.mark.parametrize("persona", ["friend_user", "coordinator_a_user", "staff_user"])
def test_friends_coordinators_and_staff_comment_on_a_paragraph(request, draft, persona):
    user = request.getfixturevalue(persona)
    client = signed_in_client(user)
    response = post_comment(client, draft, "Meet in [venue].", proposed_wording="Meet in Geneva.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.target_label, comment.version.decision_revision.number) == (user, "1. a)", 0)
    assert comment.proposed_wording == "Meet in Geneva."
    page = client.get(response["Location"]).text
    assert "Your comment on paragraph 1. a) was sent." in page
    assert "Name the venue." in page


def test_anonymous_visitors_sign_in_and_strangers_see_nothing(draft, client, django_user_model):
    url = reverse("decisions:comment_list", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 302
    assert post_comment(client, draft, "Meet in [venue].").status_code == 302
    stranger = signed_in_client(django_user_model.objects.create_user("stranger", password="x"))
    assert stranger.get(url).status_code == 404
    assert post_comment(stranger, draft, "Meet in [venue].").status_code == 404
    assert not Comment.objects.exists()


def test_a_friend_sees_their_own_comments_and_staff_see_all(draft, friend_user, coordinator_a_user, staff_client):
    post_comment(signed_in_client(friend_user), draft, "Meet in [venue].", text="Remark from the friend.")
    coordinator = signed_in_client(coordinator_a_user)
    post_comment(coordinator, draft, "States Parties decided to:", text="Remark from the coordinator.")
    url = reverse("decisions:comment_list", kwargs={"slug": draft.slug})
    own = coordinator.get(url).text
    assert "Remark from the coordinator." in own and "Remark from the friend." not in own
    everything = staff_client.get(url).text
    assert everything.index("Remark from the coordinator.") < everything.index(
        "Remark from the friend."
    )  # by paragraph


def test_script_in_a_comment_is_removed_and_the_rest_kept(draft, friend_user):
    client = signed_in_client(friend_user)
    post_comment(client, draft, "Meet in [venue].", text='Fine <script>alert("x")</script><b>bold</b> & clear')
    assert Comment.objects.get().text == "Fine bold & clear"
    page = client.get(reverse("decisions:comment_list", kwargs={"slug": draft.slug})).text
    assert "<script>alert" not in page and "Fine bold &amp; clear" in page


def test_a_comment_of_nothing_but_markup_is_refused(draft, friend_user):
    response = post_comment(signed_in_client(friend_user), draft, "Meet in [venue].", text="<script>x</script>")
    assert response.status_code == 400
    assert "only markup was left" in response.text
    assert not Comment.objects.exists()


def test_comments_close_when_the_draft_is_no_longer_under_consultation(draft, friend_user):
    client = signed_in_client(friend_user)
    Decision.objects.filter(pk=draft.pk).update(status=Decision.Status.WITHDRAWN)
    response = post_comment(client, draft, "Meet in [venue].")
    assert response.status_code == 400
    assert "This draft is no longer under consultation: comments are closed." in response.text
    assert not Comment.objects.exists()


def test_a_paragraph_of_an_earlier_round_is_refused(draft, friend_user, staff_user):
    client = signed_in_client(friend_user)
    old_key = keys(draft)["Meet in [venue]."]
    draft.paragraphs.get(text="Meet in [venue].").delete()
    decision_revision_issue(decision=draft, by=staff_user)
    response = client.post(
        reverse("decisions:comment_list", kwargs={"slug": draft.slug}), {"target": old_key, "text": "Late."}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Comment.objects.exists()


def test_the_next_revision_shows_which_comments_it_answered(draft, friend_user, staff_client, staff_user):
    client = signed_in_client(friend_user)
    post_comment(client, draft, "Meet in [venue].", text="Say where.")
    post_comment(client, draft, "States Parties decided to:", text="Not yet seen.")
    taken_up = Comment.objects.get(text="Say where.")

    # Staff triage in the admin list: taken up, with an answer.
    changelist = reverse("admin:publishing_comment_changelist")
    response = staff_client.post(
        reverse("admin:publishing_comment_change", args=[taken_up.pk]),
        {"status": "taken_up", "response": "Geneva it is."},
    )
    assert response.status_code == 302
    assert "Say where." in staff_client.get(changelist + f"?object_id={draft.pk}").text
    assert "Say where." in staff_client.get(draft.get_comments_admin_url()).text

    paragraph = draft.paragraphs.get(text="Meet in [venue].")
    paragraph.text = "Meet in Geneva."
    paragraph.save()
    rev1 = decision_revision_issue(decision=draft, by=staff_user)
    taken_up.refresh_from_db()
    assert taken_up.answered_in == rev1.version
    assert Comment.objects.get(text="Not yet seen.").answered_in is None

    page = client.get(reverse("decisions:revision_list", kwargs={"slug": draft.slug})).text
    assert "Answers 1 comment of yours" in page
    assert "1. a): taken up: Geneva it is." in page


def test_staff_may_not_add_comments_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:publishing_comment_add")).status_code == 403


def test_the_service_refuses_a_paragraph_no_longer_in_the_text(draft, friend_user, staff_user):
    from django.core.exceptions import ValidationError

    from publishing.services import comment_add

    old_key = keys(draft)["Meet in [venue]."]
    draft.paragraphs.get(text="Meet in [venue].").delete()
    decision_revision_issue(decision=draft, by=staff_user)
    with pytest.raises(ValidationError, match=re.escape("That paragraph is not in CCM/MSP/2011/WP.5/Rev.1")):
        comment_add(document=draft, target_key=old_key, text="Late.", by=friend_user)


def test_comment_and_revision_pages_run_a_fixed_number_of_queries(draft, friend_user, staff_client, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    comments = reverse("decisions:comment_list", kwargs={"slug": draft.slug})
    revisions = reverse("decisions:revision_list", kwargs={"slug": draft.slug})
    redline = reverse("decisions:redline", kwargs={"slug": draft.slug})
    friend = signed_in_client(friend_user)

    def counts():
        measured = {}
        for name, url in (("comments", comments), ("revisions", revisions), ("redline", redline)):
            with CaptureQueriesContext(connection) as queries:
                assert staff_client.get(url).status_code == 200
            measured[name] = len(queries)
        return measured

    post_comment(friend, draft, "Meet in [venue].")
    decision_revision_issue(decision=draft, by=staff_user)
    before = counts()
    for number in range(10):
        ParagraphFactory(decision=draft, text=f"More text {number}.", position=10 + number)
        post_comment(friend, draft, "States Parties decided to:", text=f"Remark {number}.")
        Comment.objects.filter(text=f"Remark {number}.").update(status="taken_up")
        decision_revision_issue(decision=draft, by=staff_user)
    # Each: the session with its account and the account's standing (one query: workgroups.sessions),
    # the decision, its readable revisions (versions joined); the comments and revisions pages add the
    # comments (author and revisions joined).
    assert counts() == before == {"comments": 4, "revisions": 4, "redline": 3}


def test_the_draft_page_offers_comments_to_those_who_may_comment(demo_data, friend_user, client, django_user_model):
    url = reverse("decisions:decision", kwargs={"slug": "work-programme-2012"})  # published for consultation
    link = "Comment on this draft"
    assert link in signed_in_client(friend_user).get(url).text
    assert link not in client.get(url).text
    stranger = signed_in_client(django_user_model.objects.create_user("stranger", password="x"))
    assert link not in stranger.get(url).text
    assert "Revisions and changes" in client.get(url).text


def test_a_comment_on_a_bullet_under_a_bullet_keeps_its_long_name(friend_user, staff_user):
    """ "2. c), first bullet, second bullet": labels by position are longer than numbers."""
    decision = DecisionFactory(slug="wp6")
    ParagraphFactory(decision=decision, text="Notes:", position=1)
    second = ParagraphFactory(decision=decision, text="Decides:", position=2)
    c = ParagraphFactory(decision=decision, parent=second, text="to establish", position=3, list_style="bulleted")
    first_bullet = ParagraphFactory(decision=decision, parent=c, text="groups", position=1, list_style="bulleted")
    ParagraphFactory(decision=decision, parent=first_bullet, text="on clearance", position=1)
    ParagraphFactory(decision=decision, parent=first_bullet, text="on victim assistance", position=2)
    decision_revision_issue(decision=decision, by=staff_user)

    response = post_comment(signed_in_client(friend_user), decision, "on victim assistance")
    assert response.status_code == 302
    label = Comment.objects.get().target_label
    assert label.endswith("second bullet") and len(label) > 30
