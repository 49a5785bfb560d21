"""/favicon.ico: every browser asks for it; the site's icon, not a 404 (nginx sends it itself, tests/test_deploy.py)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_icon_is_at_the_address_browsers_ask_for(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert response.content == Path(finders.find("favicon.ico")).read_bytes()
    assert len(response.content) < 4096  # tiny
    assert {"public", "max-age=86400"} == {part.strip() for part in response["Cache-Control"].split(",")}
    # Not a page: no language redirect for a browser that prefers French.
    assert client.get("/favicon.ico", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_pages_link_the_svg_icon_and_it_is_served(client):
    page = client.get(reverse("meetings:meeting_list")).text
    assert 'rel="icon" href="/favicon.ico"' in page
    assert 'type="image/svg+xml"' in page
    svg = Path(finders.find("img/favicon.svg")).read_bytes()
    assert svg.startswith(b"<svg") and len(svg) < 1024


def test_the_icon_is_only_read(client):
    assert client.post("/favicon.ico").status_code == 405
