"""Many machines, shown on one (README: Scaling out): two `bin/serve web` instances on two ports and one
`bin/serve worker`, sharing one PostgreSQL database, one Redis cache and one S3-compatible bucket (moto's
standalone server). What staff withdraw and publish through one instance is read through the other, page
and PDF, and the PDF the worker rendered is in the bucket and nowhere else.

Slow (it starts the whole stack: about a minute), so it runs once, in CI with the rest of the suite.
"""

import hashlib
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis

from tests.ports import free_port
from tests.storage_server import ACCESS_KEY, REGION, SECRET_KEY, moto_server, new_bucket

ROOT = Path(__file__).resolve().parent.parent
MINUTES = "/meetings/friends-meeting-2010-11-30/minutes/"
REDIS_URL = "redis://127.0.0.1:6379/13"
STAFF = ("secretariat", "two-instances-" + "p" * 12)

# CI installs nginx (bin/test runs bin/system-packages --browser), so there a missing nginx fails the test.
pytestmark = pytest.mark.skipif(
    shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin") is None and os.environ.get("CI") != "true",
    reason="nginx is not installed (bin/system-packages --browser installs it)",
)


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
        pytest.skip("the two-instance check runs on PostgreSQL (DATABASE_URL)")
    name = f"ccm_two_instances_{os.getpid()}"
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


@pytest.fixture
def bucket():
    """A bucket of its own on moto's S3 server (tests/storage_server.py), and the environment that names it."""
    with moto_server() as endpoint:
        files = new_bucket(endpoint)
        yield (
            files,
            {
                "AWS_STORAGE_BUCKET_NAME": files.name,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": REGION,
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            },
        )


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


def test_published_through_one_instance_is_read_through_the_other(processes, database, bucket, tmp_path):
    files, bucket_environment = bucket
    redis.Redis.from_url(REDIS_URL).flushdb()  # no page left from an earlier run
    environment = {
        **os.environ,
        **bucket_environment,
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "two-instances-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "TASK_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "ccm_portal.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=environment, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo_data"], env=environment, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [*manage, "createsuperuser", "--no-input", "--username", STAFF[0], "--email", "staff@example.org"],
        env={**environment, "DJANGO_SUPERUSER_PASSWORD": STAFF[1]},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    instances = {}
    for name in ("a", "b"):
        port = free_port()
        process = processes.start(
            f"web-{name}",
            [str(ROOT / "bin" / "serve"), "web"],
            {
                **environment,
                "PORT": str(port),
                "WEB_CONCURRENCY": "1",
                "SERVE_RUN_DIR": str(tmp_path / f"run-{name}"),
                "STATIC_ROOT": str(tmp_path / f"static-{name}"),  # each machine collects its own
            },
        )
        instances[name] = f"http://127.0.0.1:{port}"
        wait_until(
            lambda url=instances[name]: answers(f"{url}/healthz", healthy=True),
            what=f"web {name}",
            processes=processes,
            process=process,
        )
    worker = processes.start("worker", [str(ROOT / "bin" / "serve"), "worker"], environment)

    staff, reader = Browser(instances["a"]), Browser(instances["b"])
    # Read through B first, so B's page sits in the shared cache when A changes it.
    status, _, page = reader.request(MINUTES)
    assert status == 200 and b"withdrawn" not in page.lower()

    status, _, _ = staff.post_form("/admin/login/", {"username": STAFF[0], "password": STAFF[1], "next": "/admin/"})
    assert status == 302, "staff could not sign in through instance A"
    minutes_pk = re.search(rb"/admin/meetings/minutes/(\d+)/change/", staff.request("/admin/meetings/minutes/")[2])[
        1
    ].decode()
    step = f"/admin/meetings/minutes/{minutes_pk}/publishing"

    status, _, _ = staff.post_form(f"{step}/withdraw/", {"reason": "Two-instance check: withdrawn through A."})
    assert status == 302
    status, _, page = reader.request(MINUTES)
    assert b"withdrawn" in page.lower(), "instance B still serves the minutes A withdrew"

    status, _, _ = staff.post_form(f"{step}/publish/", {})
    assert status == 302
    status, _, page = reader.request(MINUTES)
    assert status == 200 and b"withdrawn" not in page.lower(), "instance B does not serve the minutes A published"
    newest = max(int(number) for number in re.findall(rb"/minutes/v(\d+)/", page))
    pdf_path = f"{MINUTES}v{newest}.pdf"

    # The worker renders the PDF into the bucket; until then both instances say it is being prepared.
    wait_until(
        lambda: reader.request(pdf_path)[0] == 302,
        what="the PDF rendered by the worker",
        processes=processes,
        process=worker,
        seconds=120,
    )
    status, headers, _ = reader.request(pdf_path)
    presigned = headers["Location"]
    assert presigned.startswith(files.endpoint), "the PDF is not sent from the bucket"
    with urllib.request.urlopen(presigned, timeout=30) as response:  # noqa: S310 - moto on the loopback
        pdf = response.read()
    assert pdf.startswith(b"%PDF")
    in_bucket = files.keys()
    matching = [name for name in in_bucket if name.endswith(f"-30_v{newest}.pdf")]
    assert len(matching) == 1, in_bucket
    [key] = matching
    assert hashlib.sha256(files.read(key)).hexdigest() == hashlib.sha256(pdf).hexdigest()
    # Private in the bucket: the object's own address, without a signature, is refused.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(files.plain_url(key), timeout=10)  # noqa: S310 - moto on the loopback
    assert refused.value.code == 403
    refused.value.close()
    # And instance A, which never saw the file, sends it too.
    assert Browser(instances["a"]).request(pdf_path)[0] == 302
