"""What every answer of the API does over HTTP: ETag and 304, caching per reader, CORS, throttling, methods."""

import pytest
from django.test import Client
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance")


@pytest.mark.parametrize("reader", ["api_client", "friend_api"])
def test_an_etag_and_a_304_when_nothing_changed(request, group, reader):
    client = request.getfixturevalue(reader)
    first = client.get("/api/v1/groups/")
    etag = first["ETag"]

    again = client.get("/api/v1/groups/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    group.name = "Victim Assistance (renamed)"
    group.save()
    from publishing import page_cache

    page_cache.invalidate_all()  # as the admin does after its commit (tests/opendata/test_freshness.py)
    changed = client.get("/api/v1/groups/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_anonymous_answers_are_public_and_token_answers_private(api_client, friend_api, group):
    anonymous = api_client.get("/api/v1/groups/")
    assert anonymous["Cache-Control"] == "public, no-cache"

    personal = friend_api.get("/api/v1/groups/")
    assert "private" in personal["Cache-Control"]
    assert "public" not in personal["Cache-Control"]
    for response in (anonymous, personal):
        vary = response["Vary"]
        assert "Authorization" in vary
        assert "Cookie" in vary


def test_cors_lets_any_origin_read_without_credentials(api_client, group):
    response = api_client.get("/api/v1/groups/", HTTP_ORIGIN="https://research.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]

    preflight = api_client.options(
        "/api/v1/groups/",
        HTTP_ORIGIN="https://research.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


def test_cors_is_for_the_api_only(api_client, group):
    page = api_client.get("/groups/", HTTP_ORIGIN="https://research.example.org")

    assert page.status_code == 200
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("reader", ["api_client", "friend_api"])
def test_the_api_only_reads(request, group, method, reader):
    client = request.getfixturevalue(reader)
    for address in ("/api/v1/groups/", "/api/v1/groups/victim-assistance/", "/api/v1/"):
        response = getattr(client, method)(address, {"name": "changed"}, content_type="application/json")
        assert response.status_code == 405, address
    group.refresh_from_db()
    assert group.name == "Victim Assistance"


def test_head_answers_as_get_without_a_body(api_client, group):
    response = api_client.head("/api/v1/groups/")

    assert response.status_code == 200
    assert response.content == b""


def test_anonymous_clients_are_throttled_with_retry_after(api_client, group, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    statuses = [api_client.get("/api/v1/groups/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = api_client.get("/api/v1/groups/victim-assistance/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    # Another address is counted apart.
    assert Client(REMOTE_ADDR="192.0.2.7").get("/api/v1/groups/").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_throttle(group, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    client = Client()

    statuses = [client.get("/api/v1/groups/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]

    assert statuses == [200, 200, 429]


def test_accounts_have_their_own_looser_rate(friend_api, group, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1000/minute"})

    assert [friend_api.get("/api/v1/groups/").status_code for _ in range(3)] == [200, 200, 200]


def test_nothing_under_the_api_answers_with_an_html_page(api_client, group):
    for address, status in [
        ("/api/v1/nothing-here/", 404),
        ("/api/v1/groups/victim-assistance/extra/", 404),
        ("/api/v1/groups/%00/", 400),
    ]:
        response = api_client.get(address)
        assert response.status_code == status, address
        assert response["Content-Type"].startswith("application/json"), address
    assert api_client.get("/api/v1/groups")["Location"] == "/api/v1/groups/"
    assert api_client.get("/api/v1/groups/?page=1&page_size=0").status_code == 400
    assert api_client.get("/api/v1/groups/?page=%00").status_code == 400


# ---------------------------------------------------------------- every answer under /api/, not only resources


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/",
        "/api/v1/schema/",
        "/api/v1/schema/?format=json",
        "/api/v1/docs/",
        "/api/v1/nothing-here/",
        "/api/v1/groups/?format=xml",  # a 400
        "/api/",
        "/api/v2/",
        "/api/v2/groups/",
    ],
)
@pytest.mark.parametrize("reader", ["api_client", "friend_api"])
def test_every_answer_varies_on_authorization_and_says_how_to_cache_it(request, group, address, reader):
    response = request.getfixturevalue(reader).get(address)

    assert "Authorization" in response["Vary"], address
    assert "Cookie" in response["Vary"], address
    expected = {"public", "no-cache"} if reader == "api_client" else {"private", "no-cache"}
    assert set(response["Cache-Control"].split(", ")) == expected, address


@pytest.mark.parametrize("address", ["/api/", "/api/v2/", "/api/v2/groups/", "/api/V1/", "/api/v1.1/", "/api/latest/"])
def test_outside_a_version_a_json_404_names_the_versions(api_client, address):
    response = api_client.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["versions"] == {"v1": "http://testserver/api/v1/"}
    assert "v1 (http://testserver/api/v1/)" in body["detail"]


def test_an_address_missing_only_its_slash_is_redirected_else_a_404(api_client):
    assert api_client.get("/api/v1")["Location"] == "/api/v1/"
    assert api_client.get("/api")["Location"] == "/api/"
    assert api_client.get("/api/v2").status_code == 404
    assert api_client.get("/api/v2")["Content-Type"] == "application/json"


def test_format_json_is_read_but_never_carried_into_the_addresses_of_an_answer(api_client, friend_api, group):
    factories.MeetingFactory(slug="first")
    factories.MeetingFactory(slug="second")
    for client in (api_client, friend_api):
        plain = client.get("/api/v1/meetings/?page_size=1").json()
        asked = client.get("/api/v1/meetings/?page_size=1&format=json")
        assert asked.status_code == 200
        assert asked.json() == plain
        assert "format=" not in asked.content.decode()
        assert asked.json()["next"] == "http://testserver/api/v1/meetings/?page=2&page_size=1"
        event = asked.json()["results"][0]
        assert event["url"] == f"http://testserver/api/v1/meetings/{event['id']}/"
        assert event["action_points_url"] == f"http://testserver/api/v1/action-points/?meeting={event['id']}"
        detail = client.get(f"{event['url']}?format=json")
        assert detail.status_code == 200 and "format=" not in detail.content.decode()
        root = client.get("/api/v1/?format=json")
        assert root.status_code == 200 and "format=" not in root.content.decode()
        assert client.get("/api/v1/meetings/?page_size=1&page=2&format=json").json()["previous"] == (
            "http://testserver/api/v1/meetings/?page_size=1"
        )


@pytest.mark.parametrize(
    ("address", "formats"),
    [
        ("/api/v1/groups/?format=xml", "json"),
        ("/api/v1/groups/victim-assistance/?format=api", "json"),
        ("/api/v1/?format=yaml", "json"),
        ("/api/v1/schema/?format=xml", "yaml, json"),
        ("/api/v1/docs/?format=json", "html"),
    ],
)
def test_another_format_is_a_400_naming_those_there_are(api_client, group, address, formats):
    response = api_client.get(address)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["format"] == [
        f"Unknown format '{address.rsplit('=', 1)[1]}': this address answers in {formats}."
    ]


def test_the_schema_is_yaml_or_json(api_client):
    assert api_client.get("/api/v1/schema/")["Content-Type"].startswith("application/vnd.oai.openapi;")
    assert api_client.get("/api/v1/schema/?format=json")["Content-Type"] == "application/vnd.oai.openapi+json"
    assert api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"
    assert api_client.get("/api/v1/schema/?format=yaml")["Content-Type"].startswith("application/vnd.oai.openapi;")


def test_an_id_has_one_spelling(api_client, group):
    meeting = factories.MeetingFactory(slug="geneva-2011")
    point = factories.ActionPointFactory(meeting=meeting, group=group)
    from meetings.services import minutes_publish

    minutes_publish(minutes=factories.MinutesFactory(meeting=meeting), by=None)

    assert api_client.get(f"/api/v1/action-points/{point.pk}/").status_code == 200
    for spelling in (f"0{point.pk}", f"00{point.pk}", f"+{point.pk}"):
        response = api_client.get(f"/api/v1/action-points/{spelling}/")
        assert response.status_code == 404, spelling
        assert response["Content-Type"] == "application/json"
