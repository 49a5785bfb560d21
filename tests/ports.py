"""A free TCP port on the loopback, for the servers tests start (gunicorn, nginx, moto)."""

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
