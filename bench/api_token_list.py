"""Requests per second of one API address for a Friend's personal token, in one process (Django's test
Client, no server): what an answer costs the portal itself, with the production settings (DEBUG off,
the database cache, or Redis with REDIS_URL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccm_demo .venv/bin/python -m bench.api_token_list
    ... -m bench.api_token_list --requests 200 --address /api/v1/meetings/?page_size=200

The database needs the demo accounts (manage.py create_demo_accounts: the account `friend`). A token is
made for the run and deleted after it. Token answers are never kept in the page cache, so each request
renders the answer afresh.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The throttle still runs (its cache round trips are part of an answer's cost), but does not refuse the run.
os.environ.setdefault("API_USER_RATE", "100000/minute")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from opendata.models import ApiToken  # noqa: E402
from opendata.services import api_token_create  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="/api/v1/meetings/")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--user", default="friend")
    arguments = parser.parse_args()

    user = get_user_model().objects.get(username=arguments.user)
    token, secret = api_token_create(user=user, name="bench")
    try:
        client = Client(HTTP_AUTHORIZATION=f"Token {secret}")
        first = client.get(arguments.address)  # the token's first use writes its last use
        assert first.status_code == 200, (first.status_code, first.content[:200])
        for _ in range(3):
            client.get(arguments.address)
        with CaptureQueriesContext(connection) as captured:
            size = len(client.get(arguments.address).content)
        queries = len(captured)  # now: the next request's start clears the log
        times = []
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(arguments.requests):
            before = time.perf_counter()
            response = client.get(arguments.address)
            times.append(time.perf_counter() - before)
            assert response.status_code == 200
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        ApiToken.objects.filter(pk=token.pk).delete()
    times.sort()
    print(
        f"{arguments.address}: {arguments.requests} requests in {elapsed:.2f} s = "
        f"{arguments.requests / elapsed:.1f} requests/s; median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms; this process's CPU {cpu / arguments.requests * 1000:.1f} ms "
        f"an answer (the database's apart); {queries} queries, {size} bytes an answer"
    )


if __name__ == "__main__":
    main()
