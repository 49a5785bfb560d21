"""deploy/shared_cache.py: which Redis `bin/serve` starts for the shared cache, and that it is a cache."""

import shutil
import socket
import subprocess

import pytest
import redis

from deploy.shared_cache import redis_config, wait_until_answering
from tests.ports import free_port

REDIS_SERVER = shutil.which("redis-server")
MACHINE_REDIS = "redis://127.0.0.1:6379/15"  # the machine's own Redis, which the page cache tests use too


@pytest.mark.parametrize(
    "redis_url",
    [
        "",  # no Redis: the cache is a table in PostgreSQL
        "redis://cache.example.org:6379/0",  # another machine's, run by whoever runs it
        "rediss://127.0.0.1:6380/0",  # TLS: not one bin/serve can start
        MACHINE_REDIS,  # one answers there already (Debian's service)
    ],
)
def test_nothing_to_start(redis_url):
    assert redis_config(redis_url) is None


def test_a_local_address_nobody_answers_gets_a_cache_listening_only_there():
    port = free_port()
    config = redis_config(f"redis://localhost:{port}/3", maxmemory="64mb").splitlines()
    assert config[:2] == ["bind 127.0.0.1", f"port {port}"]
    assert {'save ""', "appendonly no", "maxmemory 64mb", "maxmemory-policy allkeys-lru"} <= set(config)
    assert not any(line.startswith("requirepass") for line in config)


def test_the_urls_password_becomes_the_servers():
    config = redis_config(f"redis://:s%22cr%5Cet@127.0.0.1:{free_port()}/0")
    assert 'requirepass "s\\"cr\\\\et"' in config.splitlines()


def test_a_unix_socket_nobody_listens_on(tmp_path):
    path = tmp_path / "redis.sock"
    config = redis_config(f"unix://{path}?db=0").splitlines()
    assert config[:3] == ["port 0", f"unixsocket {path}", "unixsocketperm 700"]
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        listening.listen()
        assert redis_config(f"unix://{path}?db=0") is None


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
def test_the_configuration_runs_a_cache_with_the_urls_password(tmp_path):
    url = f"redis://:secret-{free_port()}@127.0.0.1:{free_port()}/2"
    (tmp_path / "redis.conf").write_text(redis_config(url, maxmemory="32mb"))
    server = subprocess.Popen([REDIS_SERVER, str(tmp_path / "redis.conf")], stdout=subprocess.DEVNULL)
    try:
        assert wait_until_answering(url)
        cache = redis.Redis.from_url(url)
        assert cache.config_get("maxmemory") == {"maxmemory": str(32 * 1024 * 1024)}
        assert cache.config_get("save") == {"save": ""}
        with pytest.raises(redis.exceptions.AuthenticationError):
            redis.Redis.from_url(url.replace(":secret", ":wrong")).ping()
        assert redis_config(url) is None  # it answers now
    finally:
        server.terminate()
        server.wait(timeout=10)
