"""The OpenAPI schema validates, and its documentation page runs under the portal's strict CSP."""

import json
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from opendata.api.urls import router

pytestmark = pytest.mark.django_db


def test_the_schema_validates_as_openapi_3(api_client):
    response = api_client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "personalToken" in schema["components"]["securitySchemes"]
    # Every registered resource is described, list and detail.
    for prefix, _viewset, _basename in router.registry:
        assert f"/api/v1/{prefix}/" in schema["paths"], prefix
    # The YAML form is the same schema.
    assert yaml.safe_load(api_client.get("/api/v1/schema/").content) == schema


def test_the_docs_page_loads_its_files_from_the_portal_with_no_inline_script_or_style(api_client):
    response = api_client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, "an inline script would be blocked"
    assert "<style" not in html and " style=" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert not source.startswith(("http:", "https:", "//")), source
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source

    script = api_client.get(re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1).replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content


def test_ids_and_round_numbers_in_addresses_are_described_as_integers(api_client):
    schema = json.loads(api_client.get("/api/v1/schema/?format=json").content)

    for path, name in [
        ("/api/v1/action-points/{id}/", "id"),
        ("/api/v1/decisions/{slug}/revisions/{number}/", "number"),
    ]:
        (parameter,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        assert parameter["schema"]["type"] == "integer", path
