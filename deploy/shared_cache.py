"""The shared cache's server, when `bin/serve` runs the whole stack on one machine (README: Production).

    .venv/bin/python -m deploy.shared_cache RUN_DIR   # prints RUN_DIR/redis.conf when bin/serve should start Redis
    .venv/bin/python -m deploy.shared_cache --wait    # until the Redis of REDIS_URL answers (10 s at most)

With `REDIS_URL` naming this machine (redis://127.0.0.1:6379/0, localhost, or a unix socket) and no Redis
answering there, `bin/serve` starts one for it, as a part of the stack: it stops with the stack, and the
stack stops if it exits. Every process that reads the same environment (gunicorn, the task worker,
`manage.py` commands run by hand) then uses that one cache, which the page cache's coherence needs: a
process on another cache would renew another generation. Without `REDIS_URL` there is nothing to start
(the cache is a table in PostgreSQL), and a Redis on another machine, or one already running here (Debian's
redis-server service), is used as it is.

What is started is a cache, not a store: nothing is written to disk, and when full it evicts the least
recently used keys (`REDIS_MAXMEMORY`, 512mb). Losing a key, the generation's included, never serves a
stale page (publishing/page_cache.py).
"""

import os
import socket
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

THIS_MACHINE = {"127.0.0.1", "localhost", "::1"}


def _answers(address, family) -> bool:
    """Whether something accepts connections at `address` (a Redis, or anything else that would stop one
    from listening there)."""
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(address)
        except OSError:
            return False
    return True


def redis_config(redis_url: str, maxmemory: str = "512mb") -> str | None:
    """redis-server's configuration to serve `redis_url` on this machine, or None when there is none to
    start: no Redis configured, one on another machine, or something already answering at the address."""
    if not redis_url:
        return None
    url = urlsplit(redis_url)
    if url.scheme == "unix":
        if _answers(url.path, socket.AF_UNIX):
            return None
        listen = ["port 0", f"unixsocket {url.path}", "unixsocketperm 700"]
    elif url.scheme == "redis" and url.hostname in THIS_MACHINE:
        port = url.port or 6379
        host = "127.0.0.1" if url.hostname == "localhost" else url.hostname
        if _answers((host, port), socket.AF_INET6 if ":" in host else socket.AF_INET):
            return None
        listen = [f"bind {host}", f"port {port}"]
    else:
        return None  # rediss:// or another machine: run and secured by whoever runs it
    lines = [
        *listen,
        "daemonize no",
        "protected-mode yes",
        # A cache: nothing on disk, the least recently used keys evicted when full.
        'save ""',
        "appendonly no",
        f"maxmemory {maxmemory}",
        "maxmemory-policy allkeys-lru",
        'logfile ""',  # standard output, with the stack's other logs
    ]
    if url.password:
        lines.append(f'requirepass "{_quoted(unquote(url.password))}"')
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """A value inside redis.conf's double quotes."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def wait_until_answering(redis_url: str, seconds: float = 10) -> bool:
    """Whether the Redis of `redis_url` answered a PING within `seconds` (it may be loading)."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
    deadline = time.monotonic() + seconds
    while True:
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)


def main(run_dir: str) -> None:
    config = redis_config(os.environ.get("REDIS_URL", ""), os.environ.get("REDIS_MAXMEMORY", "512mb"))
    if config is None:
        return
    path = Path(run_dir) / "redis.conf"
    path.write_text(config)
    path.chmod(0o600)  # it may hold the password
    print(path)


if __name__ == "__main__":
    if sys.argv[1:] == ["--wait"]:
        if not wait_until_answering(os.environ["REDIS_URL"]):
            sys.exit("bin/serve: the Redis it started does not answer at REDIS_URL")
    else:
        main(*sys.argv[1:])
