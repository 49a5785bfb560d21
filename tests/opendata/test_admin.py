"""Staff see and revoke every account's API tokens in the admin, and never a token's digest or key."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opendata.models import ApiToken
from opendata.services import api_token_create

pytestmark = pytest.mark.django_db
LIST = "/admin/opendata/apitoken/"


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("stranger", "stranger@example.org", "not-used")


@pytest.fixture
def tokens(friend_user, stranger) -> dict[str, tuple[ApiToken, str]]:
    return {
        "friend": api_token_create(user=friend_user, name="research scripts"),
        "stranger": api_token_create(user=stranger, name="dashboard"),
    }


def secrets_of(token: ApiToken, secret: str) -> list[str]:
    """Everything of a token that must never be shown: the token, its digest, its key, a part of either."""
    return [secret, secret[:8], token.digest, token.digest[:16], token.token_key, token.token_key[:8]]


def test_staff_see_every_token_with_its_holder_and_dates_never_its_digest_or_key(staff_client, tokens):
    ApiToken.objects.filter(pk=tokens["friend"][0].pk).update(last_used_at="2011-09-16T10:00:00Z")

    page = staff_client.get(LIST)

    assert page.status_code == 200
    text = page.content.decode()
    for label in ("User", "Name", "Created", "Last used at", "Expiry"):
        assert f">{label}<" in text, label
    assert "research scripts" in text and "dashboard" in text
    assert "friend" in text and "stranger" in text
    assert "16 September 2011 12:00" in text  # last used, in Geneva's time
    for token, secret in tokens.values():
        for part in secrets_of(token, secret):
            assert part not in text
        assert f'value="{token.uid}"' in text  # the box names the token by its uid
    # Nothing to add or edit, and no object page, whose address would hold the digest.
    assert "/admin/opendata/apitoken/add/" not in text
    token = tokens["friend"][0]
    assert staff_client.get(f"{LIST}add/").status_code == 404
    assert staff_client.get(f"{LIST}{token.pk}/change/").status_code == 404
    assert staff_client.post(f"{LIST}{token.pk}/change/", {"name": "changed"}).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).name == "research scripts"


def test_staff_search_tokens_by_their_holder(staff_client, tokens):
    for query, names in [("stranger", ["dashboard"]), ("friend@", ["research scripts"]), ("nobody", [])]:
        page = staff_client.get(LIST, {"q": query})
        assert [token.name for token in page.context["cl"].result_list] == names, query


def test_revoking_in_the_admin_refuses_the_token_from_its_next_request(staff_client, staff_user, tokens):
    token, secret = tokens["friend"]
    program = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert program.get("/api/v1/groups/").status_code == 200

    response = staff_client.post(LIST, {"action": "revoke", "_selected_action": [str(token.uid)], "index": 0})

    assert response.status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["dashboard"]
    refused = program.get("/api/v1/groups/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert "1 token revoked" in staff_client.get(LIST).content.decode()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert (entry.user, entry.object_repr) == (staff_user, "research scripts (friend)")
    # The other account's token still reads.
    assert Client(HTTP_AUTHORIZATION=f"Token {tokens['stranger'][1]}").get("/api/v1/groups/").status_code == 200


def test_a_selection_that_names_no_token_revokes_nothing(staff_client, tokens):
    token = tokens["friend"][0]
    for selected in ([token.digest], [token.token_key], ["not-a-uid"]):
        staff_client.post(LIST, {"action": "revoke", "_selected_action": selected, "index": 0})
    assert ApiToken.objects.count() == 2
    assert "delete_selected" not in staff_client.get(LIST).content.decode()


def test_only_staff_open_the_list(client, friend_client, tokens):
    for reader in (client, friend_client):
        response = reader.get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert reader.post(LIST, {"action": "revoke", "_selected_action": [str(tokens["friend"][0].uid)]})
    assert ApiToken.objects.count() == 2


def test_the_list_costs_the_same_queries_however_many_tokens(staff_client, tokens, friend_user, django_user_model):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(LIST).status_code == 200
        return len(captured)

    queries()  # the process's content type cache
    few = queries()
    for n in range(20):
        holder = django_user_model.objects.create_user(f"holder-{n}", f"holder-{n}@example.org", "not-used")
        api_token_create(user=holder, name=f"token {n}")
    assert queries() == few
