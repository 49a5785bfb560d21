"""deploy/: the examples are what the templates give, and nginx accepts bin/serve's configuration."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy import render

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
        tls_in_front=variant == "tls in front",
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
