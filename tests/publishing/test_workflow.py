"""Internal draft → circulated to the Friends → published; corrections as new versions; withdrawal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from publishing.models import PublicationEvent, PublicationState, PublishedVersion
from publishing.services import document_circulate, document_publish, document_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes():
    minutes = factories.MinutesFactory(
        meeting=factories.MeetingFactory(slug="friends-2011", title="Friends meeting"),
        summary="The Friends met.",
        publication_state=PublicationState.INTERNAL,
    )
    factories.MinutesSectionFactory(minutes=minutes, heading="Debrief", body="First wording.")
    return minutes


def page(client, url):
    response = client.get(url)
    return response.status_code, response.text


def test_internal_minutes_are_not_online_for_anyone_but_via_admin(client, friend_client, minutes):
    assert client.get(minutes.get_absolute_url()).status_code == 404
    assert friend_client.get(minutes.get_absolute_url()).status_code == 404


def test_circulated_draft_is_for_signed_in_friends_only_and_marked_draft(client, friend_client, staff_user, minutes):
    version = document_circulate(document=minutes, by=staff_user)

    assert (version.kind, version.number) == ("circulated", 1)
    assert minutes.publication_state == PublicationState.CIRCULATED
    for url in [minutes.get_absolute_url(), version.get_absolute_url(), version.get_pdf_url()]:
        assert client.get(url).status_code == 404, url
    status, html = page(friend_client, version.get_absolute_url())
    assert status == 200
    assert "DRAFT 1" in html
    assert "First wording." in html
    assert version.get_absolute_url() == "/meetings/friends-2011/minutes/draft-1/"


def test_publishing_freezes_the_text_and_a_correction_is_a_new_version(client, staff_user, minutes, committed):
    with committed():
        first = document_publish(document=minutes, by=staff_user)
    section = minutes.sections.get()
    section.body = "Corrected wording."
    section.save()

    status, html = page(client, first.get_absolute_url())
    assert status == 200
    assert "First wording." in html  # edits to the record do not touch a published version
    assert "Corrected wording." not in html

    with committed():
        second = document_publish(document=minutes, by=staff_user)
    first.refresh_from_db()

    assert (first.number, second.number) == (1, 2)
    assert first.superseded_at == second.created_at
    status, old = page(client, first.get_absolute_url())
    assert status == 200
    assert "First wording." in old
    assert "was superseded on" in old
    assert f'href="{minutes.get_absolute_url()}">Read the current one' in old
    assert first.html == PublishedVersion.objects.get(pk=first.pk).html
    status, current = page(client, minutes.get_absolute_url())
    assert "Corrected wording." in current
    assert "superseded" not in current.split("All versions")[0]
    assert "/meetings/friends-2011/minutes/v1/" in current  # earlier versions stay listed


def test_a_draft_circulated_after_publication_does_not_hide_the_public_version(
    client, friend_client, staff_user, minutes
):
    document_publish(document=minutes, by=staff_user)
    with pytest.raises(ValidationError, match="Publish a correction instead"):
        document_circulate(document=minutes, by=staff_user)


def test_withdrawal_keeps_the_record_and_shows_a_notice(client, staff_user, minutes, committed):
    version = document_publish(document=minutes, by=staff_user)
    client.get(version.get_absolute_url())  # cached while public
    with committed():
        document_withdraw(document=minutes, by=staff_user, reason="Published by mistake.")

    status, html = page(client, version.get_absolute_url())
    assert status == 200
    assert "This document was withdrawn on" in html
    assert "First wording." not in html
    assert client.get(version.get_pdf_url()).status_code == 410
    assert "First wording." not in client.get(reverse("feed")).text
    minutes.refresh_from_db()
    assert minutes.publication_state == PublicationState.WITHDRAWN
    assert PublishedVersion.objects.filter(pk=version.pk).exists()

    with committed():
        again = document_publish(document=minutes, by=staff_user)
    assert again.number == 2
    assert "First wording." in client.get(again.get_absolute_url()).text
    # The withdrawn version stays withdrawn: publishing again never brings its text back.
    status, html = page(client, version.get_absolute_url())
    assert "This document was withdrawn on" in html
    assert client.get(version.get_pdf_url()).status_code == 410


def test_withdrawal_needs_a_public_document_and_a_reason(staff_user, minutes):
    with pytest.raises(ValidationError, match="Only a published document can be withdrawn"):
        document_withdraw(document=minutes, by=staff_user, reason="Why not")
    document_publish(document=minutes, by=staff_user)
    with pytest.raises(ValidationError, match="Say why"):
        document_withdraw(document=minutes, by=staff_user, reason="  ")


def test_steps_check_the_state_in_the_database_not_a_stale_copy(staff_user, minutes):
    stale = type(minutes).objects.get(pk=minutes.pk)  # loaded while internal
    document_publish(document=minutes, by=staff_user)
    with pytest.raises(ValidationError, match="Publish a correction instead"):
        document_circulate(document=stale, by=staff_user)
    assert minutes.versions.count() == 1


def test_every_step_is_recorded_with_who_when_and_states(staff_user, minutes):
    draft = document_circulate(document=minutes, by=staff_user)
    published = document_publish(document=minutes, by=staff_user)
    document_withdraw(document=minutes, by=staff_user, reason="Error in names.")

    steps = list(minutes.publication_events.order_by("at", "pk"))
    assert [(step.from_state, step.to_state) for step in steps] == [
        ("internal", "circulated"),
        ("circulated", "public"),
        ("public", "withdrawn"),
    ]
    assert {step.by for step in steps} == {staff_user}
    assert [step.version for step in steps] == [draft, published, None]
    assert steps[-1].note == "Error in names."
    assert PublicationEvent.objects.count() == 3


def test_version_pages_answer_304_to_a_matching_etag(client, staff_user, minutes, committed):
    version = document_publish(document=minutes, by=staff_user)
    first = client.get(version.get_absolute_url())
    assert first["ETag"]
    assert "public" in first["Cache-Control"]
    assert client.get(version.get_absolute_url(), headers={"if-none-match": first["ETag"]}).status_code == 304

    with committed():
        document_publish(document=minutes, by=staff_user)  # superseded: the page (banner) changed
    assert client.get(version.get_absolute_url(), headers={"if-none-match": first["ETag"]}).status_code == 200


def test_unknown_versions_and_documents_are_404(client, staff_user, minutes):
    document_publish(document=minutes, by=staff_user)
    assert client.get(reverse("meetings:minutes_version", args=["friends-2011", 9])).status_code == 404
    assert client.get(reverse("meetings:minutes_version", args=["no-such-meeting", 1])).status_code == 404
    assert client.get("/meetings/friends-2011/minutes/vX/").status_code == 404


def test_admin_publish_and_withdraw_buttons_call_the_workflow(staff_client, minutes):
    step_url = reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "publish"])
    assert "Freeze the current text" in staff_client.get(step_url).text
    response = staff_client.post(step_url)
    assert response.status_code == 302
    assert minutes.versions.get().number == 1

    withdraw_url = reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "withdraw"])
    refused = staff_client.post(withdraw_url, {"reason": ""})
    assert refused.status_code == 200
    assert "This field is required." in refused.text
    minutes.refresh_from_db()
    assert minutes.publication_state == PublicationState.PUBLIC
    staff_client.post(withdraw_url, {"reason": "Wrong meeting."})
    minutes.refresh_from_db()
    assert minutes.publication_state == PublicationState.WITHDRAWN


def test_the_admin_offers_circulate_only_for_a_draft(staff_client, minutes):
    change_page = reverse("admin:meetings_minutes_change", args=[minutes.pk])
    circulate_url = reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "circulate"])
    assert f'href="{circulate_url}"' in staff_client.get(change_page).text
    staff_client.post(reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "publish"]))
    assert f'href="{circulate_url}"' not in staff_client.get(change_page).text  # published: a correction instead


def test_admin_refuses_a_step_that_does_not_apply_with_a_message(staff_client, minutes):
    staff_client.post(reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "publish"]))
    response = staff_client.post(
        reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "circulate"]), follow=True
    )
    assert "Publish a correction instead" in response.text
    assert minutes.versions.count() == 1


def test_friends_cannot_reach_the_admin_steps(friend_client, minutes):
    response = friend_client.post(reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "publish"]))
    assert response.status_code == 302  # to the admin login
    assert minutes.versions.count() == 0


def test_withdrawal_takes_the_circulated_drafts_down_too(friend_client, staff_user, minutes, committed):
    draft = document_circulate(document=minutes, by=staff_user)
    document_publish(document=minutes, by=staff_user)
    assert "First wording." in friend_client.get(draft.get_absolute_url()).text
    with committed():  # the page's kept part is renewed once the withdrawal commits
        document_withdraw(document=minutes, by=staff_user, reason="Published by mistake.")
    _status, html = page(friend_client, draft.get_absolute_url())
    assert "This document was withdrawn on" in html and "First wording." not in html
    assert friend_client.get(draft.get_pdf_url()).status_code == 410
