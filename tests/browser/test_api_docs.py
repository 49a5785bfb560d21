"""The API's documentation page (Swagger UI) runs in a real browser under the portal's Content-Security-Policy:
every file from the portal itself, no violation reported, the operations of the schema listed."""

from urllib.parse import urlsplit

import pytest

from tests import factories

pytestmark = pytest.mark.browser


def test_the_api_docs_run_with_their_files_from_the_portal_and_no_csp_violation(
    transactional_db, page, live_server, screenshot
):
    factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance")
    console, requested = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path")
    screenshot(page, "api-docs")

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/groups/" in path for path in paths)
    assert any("/api/v1/meetings/{slug}/" in path.replace("\u200b", "") for path in paths)
    live = urlsplit(live_server.url).netloc
    assert [url for url in requested if not url.startswith("data:") and urlsplit(url).netloc != live] == []
    assert [text for text in console if "Content Security Policy" in text] == []
    assert page.script_errors == []
