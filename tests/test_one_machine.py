"""One machine (README: Production, One machine): `bin/serve` alone, with `REDIS_URL` naming this machine and
no Redis there, starts the shared cache's Redis as a part of the stack: the portal keeps its pages in it,
it keeps nothing on disk, and it stops with the stack. Long addresses that nginx accepts reach the portal.

Slow (it starts the whole stack: about a minute), so it runs once, in CI with the rest of the suite.
"""

import os
import signal
import socket
import urllib.request

import redis

from tests.ports import free_port
from tests.stack import answers, needs_nginx, production_environment, wait_until

pytestmark = needs_nginx


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_bin_serve_starts_the_redis_its_cache_names_and_stops_it(processes, database, tmp_path):
    port, redis_port = free_port(), free_port()
    assert _refused(redis_port)
    environment = production_environment(
        database=database,
        redis_url=f"redis://127.0.0.1:{redis_port}/0",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SERVE_RUN_DIR=str(tmp_path / "run"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    stack = processes.start("serve", ["bin/serve"], environment)
    site = f"http://127.0.0.1:{port}"
    wait_until(lambda: answers(f"{site}/healthz", healthy=True), what="bin/serve", processes=processes, process=stack)

    cache = redis.Redis.from_url(environment["REDIS_URL"])
    assert answers(f"{site}/", healthy=True)
    assert list(cache.scan_iter(match="*publishing:page:*")), "the home page was not kept in the stack's Redis"
    # A cache, not a store: nothing written to disk, the least recently used keys evicted when full.
    assert cache.config_get("save") == {"save": ""}
    assert cache.config_get("appendonly") == {"appendonly": "no"}
    assert cache.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
    assert int(cache.config_get("maxmemory")["maxmemory"]) == 512 * 1024 * 1024

    # An address longer than gunicorn's default limit (4 KB) and within nginx's (8 KB), as a search with a
    # paragraph pasted in makes: the portal answers it, with its own page.
    long_search = f"{site}/search/?q={'cluster+munitions+' * 380}"
    assert 6_000 < len(long_search) < 8_000
    with urllib.request.urlopen(long_search, timeout=10) as response:  # noqa: S310 - the stack on the loopback
        assert response.status == 200
        assert "Search the published record" in response.read().decode()

    os.killpg(stack.pid, signal.SIGTERM)
    stack.wait(timeout=60)
    assert _refused(redis_port), "the Redis bin/serve started outlived the stack"
