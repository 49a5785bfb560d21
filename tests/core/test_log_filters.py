"""core/log_filters.py, as settings.LOGGING applies it."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_refused_host_is_one_warning_line_naming_it(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    [record] = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    assert record.exc_info is None and record.exc_text is None  # no traceback
    assert "scanner.example" in record.getMessage()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
