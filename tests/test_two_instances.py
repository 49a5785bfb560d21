"""Many machines, shown on one (README: Scaling out): two `bin/serve web` instances on two ports and one
`bin/serve worker`, sharing one PostgreSQL database, one Redis cache and one S3-compatible bucket (moto's
standalone server). What staff withdraw and publish through one instance is read through the other, page
and PDF, and the PDF the worker rendered is in the bucket and nowhere else.

Slow (it starts the whole stack: about a minute), so it runs once, in CI with the rest of the suite.
"""

import hashlib
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import redis

from tests.ports import free_port
from tests.stack import ROOT, Browser, answers, needs_nginx, production_environment, wait_until
from tests.storage_server import ACCESS_KEY, REGION, SECRET_KEY, moto_server, new_bucket

MINUTES = "/meetings/friends-meeting-2010-11-30/minutes/"
REDIS_URL = "redis://127.0.0.1:6379/13"
STAFF = ("secretariat", "two-instances-" + "p" * 12)

pytestmark = needs_nginx


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


def test_published_through_one_instance_is_read_through_the_other(processes, database, bucket, tmp_path):
    files, bucket_environment = bucket
    redis.Redis.from_url(REDIS_URL).flushdb()  # no page left from an earlier run
    environment = production_environment(
        database=database, redis_url=REDIS_URL, TASK_BACKEND="database", **bucket_environment
    )
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
