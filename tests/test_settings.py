"""Settings come from the environment; production refuses to start unsafe."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ccm_portal.environment import env_bool, env_int, env_list, env_origin

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Vq2pL9sT4wY8zB1nM6cR3fH5jK0dG7aE2uI9oP4lQ8vX1yZ3",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, **env)


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    # As a server would start: none of the test run's own variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    left_out = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "PORTAL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in left_out}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_variables_has_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-development-only-never-use-in-production"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "set ALLOWED_HOSTS"),
        ({"DEBUG": "nein"}, "DEBUG='nein' is not a boolean"),
    ],
)
def test_production_refuses_to_start_on_unsafe_settings(overrides, message):
    result = run_manage("check", **{**PRODUCTION, **overrides})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("portal_url", "refused"),
    [
        ("https://portal.example.org", False),
        ("https://PORTAL.example.org:8443", False),  # the same host, another port
        (None, True),  # unset: http://localhost:8000, where a reset link would take its token
        ("https://portal.example.org.attacker.test", True),
        ("https://elsewhere.example.org", True),
    ],
)
def test_bin_serve_refuses_a_portal_url_that_is_not_this_site(portal_url, refused):
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "ccm_portal.settings"}
    if portal_url is not None:
        env["PORTAL_URL"] = portal_url
    result = run_python("-m", "deploy.render", "check", **env)
    assert (result.returncode != 0) is refused, result.stderr
    assert ("PORTAL_URL" in result.stderr and "is not this site" in result.stderr) is refused


def test_production_without_a_secret_key_at_all_refuses_to_start():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_readers_reject_what_they_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    monkeypatch.setenv("NUMBER", "sixty")
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ")
    with pytest.raises(ImproperlyConfigured, match="FLAG='perhaps' is not a boolean"):
        env_bool("FLAG", default=False)
    with pytest.raises(ImproperlyConfigured, match="NUMBER='sixty' is not a whole number"):
        env_int("NUMBER", default=60)
    assert env_list("HOSTS", default=[]) == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", default=False) is True


@pytest.mark.parametrize("value", ["portal.example.org", "ftp://portal.example.org", "https://", "https://a.org/?x=1"])
def test_the_portal_address_must_be_one_readers_can_follow(monkeypatch, value):
    monkeypatch.setenv("PORTAL_URL", value)
    with pytest.raises(ImproperlyConfigured, match=r"PORTAL_URL=.* is not an address like https://"):
        env_origin("PORTAL_URL", default="http://localhost:8000")


def test_the_portal_address_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("PORTAL_URL", "https://portal.example.org:8443/")
    assert env_origin("PORTAL_URL", default="http://localhost:8000") == "https://portal.example.org:8443"
