"""deploy/: the examples are what the templates give, and nginx accepts bin/serve's configuration."""

import contextlib
import datetime
import gzip
import http.client
import http.server
import json
import logging
import os
import runpy
import shutil
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deploy import render
from tests.ports import free_port

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def test_the_examples_are_what_the_templates_give():
    stale = [
        str(path.relative_to(render.DEPLOY.parent))
        for path, text in render.examples().items()
        if not path.exists() or path.read_text() != text
    ]
    assert stale == [], "regenerate them: .venv/bin/python -m deploy.render examples"


def test_uploads_as_large_as_the_portal_accepts_reach_it():
    from core.uploads import MAX_DOCUMENT_SIZE

    limit = int(render.upload_limit().removesuffix("m")) * 1024 * 1024
    assert MAX_DOCUMENT_SIZE < limit <= MAX_DOCUMENT_SIZE + 2 * 1024 * 1024


def self_signed_certificate(folder: Path) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(folder / "cert.pem"), str(folder / "key.pem")


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (bin/system-packages --serve installs it)")
@pytest.mark.parametrize("variant", ["plain", "tls", "tls in front"])
def test_nginx_accepts_the_configuration_bin_serve_writes(tmp_path, variant):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    tls = self_signed_certificate(tmp_path) if variant == "tls" else None
    configs = render.serve_configs(
        run_dir=run_dir,
        port=8399,
        static_root=str(tmp_path / "static"),
        media_root=str(tmp_path / "media"),
        tls=tls,
        trusted_proxies=["10.0.0.0/8"] if variant == "tls in front" else [],
    )
    for name, text in configs.items():
        (run_dir / name).write_text(text)
    result = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(run_dir), "-e", "stderr", "-c", str(run_dir / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    portal = configs["portal.conf"]
    assert ("listen 8399 ssl http2;" in portal) == (variant == "tls")
    assert ("X-Forwarded-Proto https;" in portal) == (variant == "tls in front")
    assert ("X-Forwarded-Proto $scheme;" in portal) == (variant != "tls in front")
    assert ("set_real_ip_from 10.0.0.0/8;" in portal) == (variant == "tls in front")


class FakePortal(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn on bin/serve's socket: records what nginx passes on, answers like the portal."""

    protocol_version = "HTTP/1.1"
    seen: typing.ClassVar[list[dict]] = []

    def do_GET(self):
        FakePortal.seen.append({"path": self.path, **dict(self.headers)})
        if self.path == "/download":
            headers = {
                "X-Accel-Redirect": "/_stored/private/list.pdf",
                "Content-Type": "application/pdf",
                "Content-Disposition": 'attachment; filename="list.pdf"',
                "Cache-Control": "private",
                "ETag": '"sha256-of-the-file"',
                "Vary": "Cookie",
                "X-Frame-Options": "DENY",
            }
            body = b""
        else:
            headers, body = {"Content-Type": "text/plain"}, b"from the portal"
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


@pytest.fixture
def served():
    """bin/serve's nginx on a free port, in front of FakePortal, with a few static and stored files."""
    with nginx_in_front_of_the_fake_portal(trusted_proxies=[]) as nginx:
        yield nginx.port


@dataclass
class Nginx:
    port: int
    access_log: list[dict] = field(default_factory=list)  # its lines on standard output, once stopped


@contextlib.contextmanager
def nginx_in_front_of_the_fake_portal(*, trusted_proxies: list[str]):
    """In a folder of /tmp that nginx's workers can read: run as root, they run as nobody."""
    root = Path(tempfile.mkdtemp(prefix="ccm-deploy-test-"))
    root.chmod(0o755)
    run_dir, static, media = root / "run", root / "static", root / "media"
    for folder in (run_dir, static / "css", media / "public" / "pdf", media / "private"):
        folder.mkdir(parents=True)
    (static / "css" / "site.0123456789ab.css").write_text("body { color: black }")
    (static / "css" / "site.0123456789ab.css.gz").write_bytes(gzip.compress(b"body { color: black }"))
    (static / "css" / "site.css").write_text("body { color: black }")
    (static / "favicon.ico").write_bytes(b"\x00\x00\x01\x00 icon")
    (media / "public" / "pdf" / "minutes.pdf").write_bytes(b"%PDF-1.7 published")
    (media / "public" / "data").mkdir()
    (media / "public" / "data" / "export.zip").write_bytes(b"PK\x03\x04 export")
    (media / "public" / "data" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (media / "private" / "list.pdf").write_bytes(b"%PDF-1.7 contact list")
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    for name, text in render.serve_configs(
        run_dir=run_dir,
        port=port,
        static_root=str(static),
        media_root=str(media),
        tls=None,
        trusted_proxies=trusted_proxies,
    ).items():
        (run_dir / name).write_text(text)
    server = UnixHTTPServer(str(run_dir / "gunicorn.sock"), FakePortal)
    (run_dir / "gunicorn.sock").chmod(0o777)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    nginx = subprocess.Popen(
        [NGINX, "-p", str(run_dir), "-e", "stderr", "-c", str(run_dir / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        FakePortal.seen.clear()
        served = Nginx(port)
        yield served
    finally:
        nginx.terminate()
        stdout, _stderr = nginx.communicate(timeout=10)
        served.access_log = [json.loads(line) for line in stdout.decode().splitlines() if line.startswith("{")]
        server.shutdown()
        server.server_close()
        shutil.rmtree(root)


def get(port, path, method="GET", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={"Host": f"localhost:{port}", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (bin/system-packages --serve installs it)")
def test_nginx_sends_files_and_asks_the_portal_as_the_template_says(served):
    port = served
    # A download the portal allowed: nginx sends the stored file with the portal's headers.
    response, body = get(port, "/download", **{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert (response.status, body) == (200, b"%PDF-1.7 contact list")
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == 'attachment; filename="list.pdf"'
    assert response.getheader("Cache-Control") == "private"
    assert response.getheader("ETag") == '"sha256-of-the-file"'
    # The portal's other headers survive the redirect; nginx's own date of the file does not.
    assert (response.getheader("Vary"), response.getheader("X-Frame-Options")) == ("Cookie", "DENY")
    assert response.getheader("Last-Modified") is None
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Server") == "nginx"  # no version
    # The client's forwarded headers are replaced; the Host keeps its port.
    [request] = FakePortal.seen
    assert (request["X-Forwarded-For"], request["X-Forwarded-Proto"]) == ("127.0.0.1, 127.0.0.1", "http")
    assert request["Host"] == f"localhost:{port}"
    # The stored files themselves are not reachable from outside.
    assert get(port, "/_stored/private/list.pdf")[0].status == 404

    # Static files: the gzip copy, a year for hashed names, an hour for the others.
    response, body = get(port, "/static/css/site.0123456789ab.css", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == b"body { color: black }"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert get(port, "/static/css/site.css")[0].getheader("Cache-Control") == "public, max-age=3600"
    # The icon every browser asks for, from the collected static files, without asking the portal.
    FakePortal.seen.clear()
    response, body = get(port, "/favicon.ico")
    assert (response.status, body) == (200, b"\x00\x00\x01\x00 icon")
    assert response.getheader("Content-Type") == "image/x-icon"
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    assert FakePortal.seen == []

    # Published PDFs from disk; one not on this disk from the portal; nothing but GET and HEAD.
    response, body = get(port, "/files/public/pdf/minutes.pdf")
    assert (response.status, body) == (200, b"%PDF-1.7 published")
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Cache-Control") == "public, no-cache"
    assert get(port, "/files/public/pdf/elsewhere.pdf")[1] == b"from the portal"
    assert get(port, "/files/public/pdf/minutes.pdf", method="POST")[0].status == 403
    assert get(port, "/files/public/pdf/")[1] == b"from the portal"  # no listing of the folder
    # The open-data export as what it is; any other file there as bytes to download, never a page.
    assert get(port, "/files/public/data/export.zip")[0].getheader("Content-Type") == "application/zip"
    assert get(port, "/files/public/data/page.html")[0].getheader("Content-Type") == "application/octet-stream"


def test_log_format_json_writes_one_json_object_a_line_on_stdout():
    script = "import django, logging; django.setup(); logging.getLogger('portal.check').warning('hello %s', 'there')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ccm_portal.settings", "LOG_FORMAT": "json", "DEBUG": "1"},
        cwd=render.DEPLOY.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [json.loads(line) for line in result.stdout.splitlines() if "portal.check" in line]
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "portal.check", "hello there")
    assert line["time"].endswith("+00:00")


def test_gunicorn_logs_requests_as_json_fields(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    config = runpy.run_path(str(render.DEPLOY / "gunicorn.conf.py"))
    formatter = config["logconfig_dict"]["formatters"]["access"]
    formatter = formatter["()"](**{key: value for key, value in formatter.items() if key != "()"})
    atoms = {
        "h": "",
        "{x-forwarded-for}i": "203.0.113.9, 127.0.0.1",
        "m": "GET",
        "U": "/healthz",
        "q": "",
        "s": "200",
        "B": 191,
        "M": 4,
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, config["access_log_format"], (atoms,), None
    )
    line = json.loads(formatter.format(record))
    assert line["message"] == "GET /healthz 200"
    assert (line["forwarded_for"], line["path"], line["status"], line["duration_ms"]) == (
        "203.0.113.9, 127.0.0.1",
        "/healthz",
        "200",
        4,
    )
    # An invitation's one-time token is not logged (nor by nginx: the test below).
    atoms["U"] = "/fr/accounts/invitation/MTI/cdwx5u-0f4a1e2b3c4d5e6f7a8b/"
    record.args = atoms  # as LogRecord keeps a lone mapping argument
    line = json.loads(formatter.format(record))
    assert line["path"] == "/fr/accounts/invitation/MTI/[token]/"
    assert line["message"] == "GET /fr/accounts/invitation/MTI/[token]/ 200"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (bin/system-packages --serve installs it)")
@pytest.mark.parametrize(
    ("trusted_proxies", "client_address"),
    [
        (["127.0.0.1"], "203.0.113.9"),  # the proxy in front (here, the test) names the client
        (["10.0.0.0/8"], "127.0.0.1"),  # anyone else reaching nginx directly is their own address
    ],
)
def test_behind_a_proxy_in_front_only_its_x_forwarded_for_is_believed(trusted_proxies, client_address):
    with nginx_in_front_of_the_fake_portal(trusted_proxies=trusted_proxies) as nginx:
        port = nginx.port
        get(port, "/page", **{"X-Forwarded-For": "203.0.113.9"})
    [request] = FakePortal.seen
    assert request["X-Forwarded-For"] == f"{client_address}, 127.0.0.1"
    assert request["X-Forwarded-Proto"] == "https"


def test_sign_in_throttling_sees_the_client_address_nginx_forwards(settings, rf):
    from axes.helpers import get_client_ip_address

    forwarded_for = "203.0.113.9, 127.0.0.1"  # nginx's "$remote_addr, $server_addr"
    settings.AXES_IPWARE_PROXY_COUNT = 1  # what bin/serve's AXES_PROXY_COUNT gives
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="")
    assert get_client_ip_address(request) == "203.0.113.9"
    # An address a client wrote into the header itself is not taken for theirs.
    request = rf.get("/", HTTP_X_FORWARDED_FOR=f"198.51.100.1, {forwarded_for}", REMOTE_ADDR="")
    assert get_client_ip_address(request) != "198.51.100.1"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (bin/system-packages --serve installs it)")
def test_the_access_log_keeps_no_one_time_token_of_an_invitation_or_a_password_reset():
    with nginx_in_front_of_the_fake_portal(trusted_proxies=[]) as nginx:
        for path in (
            "/accounts/invitation/MTI/cdwx5u-0f4a1e2b3c4d5e6f7a8b/",
            "/fr/accounts/reset/MTI/cdwx5u-0f4a1e2b3c4d5e6f7a8b/?next=/",
            "/accounts/reset/MTI/set-password/",
            "/meetings/?q=reset",
        ):
            assert get(nginx.port, path)[0].status == 200  # passed on to the portal as asked
    assert [request["path"] for request in FakePortal.seen][:2] == [
        "/accounts/invitation/MTI/cdwx5u-0f4a1e2b3c4d5e6f7a8b/",
        "/fr/accounts/reset/MTI/cdwx5u-0f4a1e2b3c4d5e6f7a8b/?next=/",
    ]
    assert [line["uri"] for line in nginx.access_log] == [
        "/accounts/invitation/MTI/[token]/",
        "/fr/accounts/reset/MTI/[token]/?next=/",
        "/accounts/reset/MTI/[token]/",  # Django's next step (set-password) is masked alike, harmlessly
        "/meetings/?q=reset",
    ]
