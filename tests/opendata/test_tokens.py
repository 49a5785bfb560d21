"""Personal API tokens: made on the settings page (shown once, kept hashed), revoked there, refused after."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Agenda
from opendata.models import ApiToken
from opendata.services import api_token_create
from publishing.services import document_circulate
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
PAGE = "/accounts/api-tokens/"


def make_token(client, name="research scripts") -> str:
    response = client.post(PAGE, {"name": name}, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    return response.context["new_token"]


def test_a_reader_makes_a_token_shown_once_and_kept_only_hashed(friend_client, friend_user):
    made = friend_client.post(PAGE, {"name": "research scripts"})
    assert made.status_code == 302 and made["Location"] == PAGE  # reloading the page makes no other token
    response = friend_client.get(PAGE)

    secret = response.context["new_token"]
    assert secret in response.text
    assert "no-store" in response["Cache-Control"]
    stored = ApiToken.objects.get(user=friend_user)
    assert stored.name == "research scripts"
    assert secret not in {stored.digest, stored.token_key}
    assert len(stored.digest) == 128  # SHA-512
    page = friend_client.get(PAGE)  # reloaded: the list, the token no more
    assert "research scripts" in page.text
    assert secret not in page.text
    assert secret[:15] not in page.text  # nor the stored part of it
    assert ApiToken.objects.filter(user=friend_user).count() == 1


def test_a_token_reads_circulated_drafts_as_its_holder_does_and_revoked_it_is_refused(
    friend_client, friend_user, staff_user
):
    closed = factories.MeetingFactory(slug="closed", is_public=False)
    document_circulate(document=Agenda.objects.create(meeting=closed), by=staff_user)
    program = Client(HTTP_AUTHORIZATION=f"Token {make_token(friend_client)}")

    event = program.get("/api/v1/meetings/closed/")
    assert event.status_code == 200
    assert event.json()["agenda"]["draft"] is True
    assert "private" in event["Cache-Control"]
    assert ApiToken.objects.get(user=friend_user).last_used_at is not None

    token = ApiToken.objects.get(user=friend_user)
    response = friend_client.post(reverse("opendata:token_revoke", args=[token.uid]))
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=friend_user).exists()
    refused = program.get("/api/v1/meetings/closed/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_a_token_of_an_account_that_may_not_read_drafts_reads_what_the_public_reads(django_user_model, staff_user):
    stranger = django_user_model.objects.create_user("stranger", "stranger@example.org", "not-used")
    factories.MeetingFactory(slug="closed", is_public=False)
    _token, secret = api_token_create(user=stranger, name="mine")
    program = Client(HTTP_AUTHORIZATION=f"Token {secret}")

    assert program.get("/api/v1/meetings/closed/").status_code == 404
    assert program.get("/api/v1/meetings/").json()["count"] == 0


def test_only_the_holder_revokes_a_token(friend_client, friend_user, django_user_model):
    make_token(friend_client)
    token = ApiToken.objects.get(user=friend_user)
    other = signed_in_client(django_user_model.objects.create_user("other", "other@example.org", "not-used"))

    assert other.post(reverse("opendata:token_revoke", args=[token.uid])).status_code == 404
    assert other.get(reverse("opendata:token_revoke", args=[token.uid])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_making_and_revoking_need_the_csrf_token(friend_user):
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(friend_user)

    assert forged.post(PAGE, {"name": "forged"}).status_code == 403
    _token, _secret = api_token_create(user=friend_user, name="kept")
    token = ApiToken.objects.get(user=friend_user)
    assert forged.post(reverse("opendata:token_revoke", args=[token.uid])).status_code == 403
    assert list(ApiToken.objects.filter(user=friend_user).values_list("name", flat=True)) == ["kept"]


def test_anonymous_visitors_sign_in_first(client):
    assert client.get(PAGE)["Location"].startswith(reverse("login"))
    assert client.post(PAGE, {"name": "x"})["Location"].startswith(reverse("login"))
    assert not ApiToken.objects.exists()


def test_a_name_is_needed(friend_client):
    response = friend_client.post(PAGE, {"name": "  "})

    assert response.status_code == 400
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(friend_user):
    token, secret = api_token_create(user=friend_user, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))

    assert Client(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/v1/groups/").status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Token",
        "Token a b",
        "Token " + "0" * 64,
        "Token " + "g" * 64,
        "Token " + "0" * 5000,
        "Token caf\u00e9",
        "Token \u00ff\u00fe" + "0" * 62,
        "Token %00" + "0" * 61,
        "token " + "f" * 64,
    ],
)
def test_a_malformed_or_unknown_token_is_a_401_never_a_500(db, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/groups/")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "header",
    ["Bearer x", "Bearer " + "f" * 64, "Basic Zm9vOmJhcg==", "f" * 64, "", "   ", "Tokens " + "f" * 64],
)
@pytest.mark.parametrize("address", ["/api/v1/groups/", "/api/v1/", "/api/v1/schema/", "/api/v1/nothing-here/"])
def test_another_scheme_is_a_401_saying_how_to_send_a_token(db, header, address):
    # Not left aside as if no header had been sent: a client whose token is misconfigured would read the
    # public data and never learn why its drafts are missing.
    response = Client(HTTP_AUTHORIZATION=header).get(address)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "Authorization: Token <token>" in detail
    assert "http://testserver/accounts/api-tokens/" in detail
    assert "private" in response["Cache-Control"]


def test_a_signed_in_browser_sending_another_scheme_is_refused_too(friend_client):
    assert friend_client.get("/api/v1/groups/").status_code == 200
    assert friend_client.get("/api/v1/groups/", HTTP_AUTHORIZATION="Bearer x").status_code == 401
