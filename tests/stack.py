"""What the tests of the running stack share (test_two_instances, test_one_machine): processes started
and stopped with their logs, a database of their own, and a client of the servers they start."""

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent

# CI installs nginx (bin/test runs bin/system-packages --browser), so there a missing nginx fails the test.
needs_nginx = pytest.mark.skipif(
    shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin") is None and os.environ.get("CI") != "true",
    reason="nginx is not installed (bin/system-packages --browser installs it)",
)


def production_environment(*, database: str, redis_url: str, **more: str) -> dict[str, str]:
    """The environment a test's stack runs with: production settings (DEBUG off) on `database` and the
    cache at `redis_url`, over plain HTTP on the loopback (the HTTPS protections switched off by name)."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "stack-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DJANGO_SETTINGS_MODULE": "ccm_portal.settings",
        **more,
    }


class Processes:
    """Started processes, each in its own session (so nginx and gunicorn stop with bin/serve), with a log."""

    def __init__(self, folder: Path):
        self.folder, self.started = folder, []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process, log))
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} (exit {process.poll()}):\n{(self.folder / f'{name}.log').read_text()[-3000:]}"
            for name, process, _ in self.started
        )

    def stop(self):
        for _, process, _ in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process, log in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    yield started
    started.stop()


@pytest.fixture
def database():
    """A database of its own on the test server, dropped afterwards."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        pytest.skip("the tests of the running stack run on PostgreSQL (DATABASE_URL)")
    name = f"ccm_stack_{os.getpid()}"
    parts = urllib.parse.urlsplit(server)
    admin = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def answers(url: str, *, healthy: bool = False) -> bool:
    """Whether the server answers at all (`healthy`: with a success)."""
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own servers on the loopback
            return True
    except urllib.error.HTTPError as error:
        error.close()
        return not healthy
    except OSError:
        return False


def wait_until(condition, *, what: str, processes: Processes, process=None, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}\n{processes.logs()}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not ready after {seconds:.0f} s\n{processes.logs()}")


class Browser:
    """A client with its own cookies, and no redirect followed unless asked."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path if path.startswith("/") else path, data=body)  # noqa: S310 - our own servers
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), error.read()

    def post_form(self, path: str, fields: dict):
        """GET the page, then POST its form with its CSRF token and `fields`."""
        status, _, page = self.request(path)
        assert status == 200, (path, status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})
