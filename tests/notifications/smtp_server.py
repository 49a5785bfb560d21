"""A real SMTP server on the loopback for tests that send e-mail the way production does.

aiosmtpd runs as its own process (`python -m aiosmtpd`), its Mailbox handler writing each message
to a Maildir that the tests read. A process of its own, not a thread here: aiosmtpd imports
atpublic's `public` module, which the portal's `public` app hides inside the test process.
"""

import email
import email.policy
import mailbox
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ports import free_port


class Received:
    """The messages the server wrote to its Maildir."""

    def __init__(self, maildir: Path):
        self.maildir = maildir

    @property
    def messages(self) -> list:
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        parsed = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.iterkeys()]
        return sorted(parsed, key=lambda message: message["Message-ID"])

    def wait_for(self, count: int, timeout: float = 15) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages

    def to(self, address: str) -> list:
        """Messages whose envelope had exactly this one recipient (X-RcptTo, set by the server)."""
        return [message for message in self.messages if message["X-RcptTo"] == address]


@pytest.fixture
def smtp_server(settings, tmp_path):
    """The portal sends through Django's SMTP backend to aiosmtpd on a free port."""
    maildir, port = tmp_path / "maildir", free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        cwd=tmp_path,  # not the project's folder: `public` is atpublic's there
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"aiosmtpd did not start: {server.stderr.read().decode() if server.poll() is not None else 'timeout'}"
                    )
                time.sleep(0.1)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield Received(maildir)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
