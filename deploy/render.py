"""The web server's configuration from the templates in deploy/, for bin/serve and for the examples.

    .venv/bin/python -m deploy.render serve RUN_DIR     # bin/serve: check the settings, write RUN_DIR/nginx.conf
    .venv/bin/python -m deploy.render check             # bin/serve worker: only check the settings
    .venv/bin/python -m deploy.render examples          # write deploy/examples/ from the templates
    .venv/bin/python -m deploy.render examples --check  # exit 1 when deploy/examples/ is not what they give

One template (deploy/nginx/portal.conf.template) describes what nginx serves itself and what it asks
the portal, for bin/serve's instance and for the site file of a server's own nginx alike. Placeholders
are written {{ name }}: nginx's own variables keep their $.
"""

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

DEPLOY = Path(__file__).resolve().parent
EXAMPLES = DEPLOY / "examples"
MIME_TYPES = "/etc/nginx/mime.types"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")

# The examples' machine: the portal checked out in /srv/ccm-portal, run by the user ccm-portal.
EXAMPLE = {
    "app_dir": "/srv/ccm-portal",
    "run_dir": "/run/ccm-portal",
    "env_file": "/etc/ccm-portal/ccm-portal.env",
    "static_root": "/srv/ccm-portal/staticfiles",
    "media_root": "/srv/ccm-portal/media",
    "server_name": "portal.example.org",
}

# What bin/serve turns off on request: these checks of `check --deploy` warn about an HTTPS setting the
# environment switched off by name (a plain-HTTP test on the loopback); any other warning refuses.
DELIBERATE = {
    "security.W004": "SECURE_HSTS_SECONDS",
    "security.W008": "SECURE_SSL_REDIRECT",
    "security.W012": "SESSION_COOKIE_SECURE",
    "security.W016": "CSRF_COOKIE_SECURE",
}


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each {{ name }} replaced; a name without a value is an error, not an empty line."""

    def value(match: re.Match) -> str:
        return values[match[1]]

    return PLACEHOLDER.sub(value, template)


def read_template(name: str) -> str:
    return (DEPLOY / name).read_text()


def upload_limit() -> str:
    """client_max_body_size: the largest document upload, plus room for the form around it."""
    from core.uploads import MAX_DOCUMENT_SIZE

    return f"{MAX_DOCUMENT_SIZE // (1024 * 1024) + 1}m"


def real_ip_lines(trusted_proxies: list[str]) -> str:
    """Behind a proxy in front: the client's address is the one that proxy puts last in X-Forwarded-For,
    believed only from the proxy's own addresses. A client reaching nginx directly is its own address,
    whatever X-Forwarded-For it sends, so it cannot choose the address sign-in throttling counts."""
    if not trusted_proxies:
        return ""
    lines = [f"    set_real_ip_from {address};" for address in trusted_proxies]
    return "\n".join(
        [
            "    # The proxy in front (TRUSTED_PROXIES) tells the client's address.",
            *lines,
            "    real_ip_header X-Forwarded-For;",
            "    real_ip_recursive off;",
        ]
    )


def site_config(
    *,
    listen: list[str],
    server_name: str,
    upstream: str,
    static_root: str,
    media_root: str,
    access_log: str,
    tls: tuple[str, str] | None,
    forwarded_proto: str = "$scheme",
    trusted_proxies: list[str] = (),
    note: str = "",
) -> str:
    """The portal's server block, with its log format, cache map and upstream (nginx's http context)."""
    tls_lines = ""
    if tls:
        certificate, key = tls
        tls_lines = "\n".join(
            [
                f"    ssl_certificate {certificate};",
                f"    ssl_certificate_key {key};",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    ssl_session_cache shared:ccm_portal_tls:10m;",
                "    ssl_session_timeout 1d;",
                "    ssl_session_tickets off;",
            ]
        )
    return fill(
        read_template("nginx/portal.conf.template"),
        {
            "note": note,
            "listen": "\n".join(f"    listen {address};" for address in listen),
            "server_name": server_name,
            "tls": tls_lines,
            "upstream": upstream,
            "static_root": static_root.rstrip("/"),
            "media_root": media_root.rstrip("/"),
            "access_log": access_log,
            "client_max_body_size": upload_limit(),
            # Behind a proxy that terminates TLS, nginx's own $scheme is http; then the portal is told https.
            "forwarded_proto": forwarded_proto,
            "real_ip": real_ip_lines(trusted_proxies),
        },
    )


def serve_configs(
    *,
    run_dir: Path,
    port: int,
    static_root: str,
    media_root: str,
    tls: tuple[str, str] | None,
    trusted_proxies: list[str] = (),
) -> dict[str, str]:
    """bin/serve's nginx.conf and the portal.conf it includes, by file name in run_dir."""
    listen = f"{port} ssl http2" if tls else str(port)
    return {
        "nginx.conf": fill(
            read_template("nginx/serve.conf.template"),
            {
                "run_dir": str(run_dir),
                "mime_types": MIME_TYPES,
                # Started by root, nginx would run its workers as nobody, who may not read the run directory,
                # STATIC_ROOT or MEDIA_ROOT: every process of bin/serve runs as the user who started it.
                "user": "user root;\n" if os.geteuid() == 0 else "",
            },
        ),
        "portal.conf": site_config(
            listen=[listen],
            server_name="_",
            upstream=f"unix:{run_dir}/gunicorn.sock",
            static_root=static_root,
            media_root=media_root,
            access_log="/dev/stdout",
            tls=tls,
            # Behind a TLS proxy in front (TRUSTED_PROXIES), every request came over HTTPS.
            forwarded_proto="https" if trusted_proxies and not tls else "$scheme",
            trusted_proxies=trusted_proxies,
            note=f"bin/serve's instance on port {port}.",
        ),
    }


def examples() -> dict[Path, str]:
    """deploy/examples/: the site file for /etc/nginx/sites-available and the systemd units."""
    site = site_config(
        listen=["80", "[::]:80", "443 ssl http2", "[::]:443 ssl http2"],
        server_name=EXAMPLE["server_name"],
        upstream=f"unix:{EXAMPLE['run_dir']}/gunicorn.sock",
        static_root=EXAMPLE["static_root"],
        media_root=EXAMPLE["media_root"],
        access_log="/var/log/nginx/ccm-portal.access.log",
        tls=(
            f"/etc/letsencrypt/live/{EXAMPLE['server_name']}/fullchain.pem",
            f"/etc/letsencrypt/live/{EXAMPLE['server_name']}/privkey.pem",
        ),
        note="Plain HTTP is answered too: the portal redirects it to HTTPS, except /healthz.",
    )
    files = {EXAMPLES / "nginx" / "ccm-portal.conf": site}
    for unit in ("ccm-portal-web.service", "ccm-portal-worker.service", "ccm-portal.env"):
        files[EXAMPLES / "systemd" / unit] = fill(read_template(f"systemd/{unit}.template"), EXAMPLE)
    return files


def check_settings() -> None:
    """Refuse what must not serve the public: DEBUG on, SQLite, a PORTAL_URL that is not this site, or a
    warning of `manage.py check --deploy`."""
    from django.conf import settings
    from django.core.management import call_command
    from django.http.request import validate_host

    if settings.DEBUG:
        sys.exit("bin/serve: DEBUG is on. The production stack runs with DEBUG=0 (README: Production).")
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # Several processes write at once (web workers, the task worker): SQLite is for a quick look.
        sys.exit(
            "bin/serve: DATABASE_URL is not PostgreSQL. The production stack runs on PostgreSQL (README: Production)."
        )
    if not validate_host(urlsplit(settings.PORTAL_URL).hostname or "", settings.ALLOWED_HOSTS):
        # E-mailed links (password resets, invitations, notifications) start with it: elsewhere, a reset
        # link would carry its token to whatever answers there (by default, the reader's own localhost).
        sys.exit(
            f"bin/serve: PORTAL_URL={settings.PORTAL_URL} is not this site: its host is not in ALLOWED_HOSTS. "
            "Set PORTAL_URL to the address readers reach the site at, such as https://portal.example.org "
            "(README: Configuration)."
        )
    for check_id, variable in DELIBERATE.items():
        if variable in os.environ and not getattr(settings, variable):
            print(f"bin/serve: {variable}={os.environ[variable]} switches off an HTTPS protection ({check_id}).")
            settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, check_id]
    call_command("check", deploy=True, fail_level="WARNING")
    if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
        # Invitation and password-reset links would go to the log, readable by whoever reads it.
        print(
            "bin/serve: warning: EMAIL_BACKEND is the console: e-mails (with their sign-in links) are written "
            "to the log instead of sent. Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
            "EMAIL_HOST (README: Configuration).",
            file=sys.stderr,
        )


def serve(run_dir: Path) -> None:
    from django.conf import settings

    check_settings()
    tls = None
    certificate, key = os.environ.get("TLS_CERTIFICATE", ""), os.environ.get("TLS_CERTIFICATE_KEY", "")
    if certificate or key:
        if not (certificate and key):
            sys.exit("bin/serve: set both TLS_CERTIFICATE and TLS_CERTIFICATE_KEY, or neither.")
        tls = (str(Path(certificate).resolve()), str(Path(key).resolve()))
    from ccm_portal.environment import env_bool, env_int, env_list

    trusted_proxies = env_list("TRUSTED_PROXIES", default=[])
    if env_bool("TLS_IN_FRONT", default=False) and not trusted_proxies:
        sys.exit(
            "bin/serve: TLS_IN_FRONT=1 needs TRUSTED_PROXIES, the addresses (or CIDR ranges) of the proxy in "
            "front: only from there are X-Forwarded-For and HTTPS believed."
        )

    configs = serve_configs(
        run_dir=run_dir,
        port=env_int("PORT", default=8000),
        static_root=str(settings.STATIC_ROOT),
        media_root=str(settings.MEDIA_ROOT),
        tls=tls,
        trusted_proxies=trusted_proxies,
    )
    for name, text in configs.items():
        (run_dir / name).write_text(text)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
    sys.path.insert(0, str(DEPLOY.parent))
    import django

    django.setup()
    if argv == ["check"]:
        check_settings()
        return 0
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(Path(argv[1]).resolve())
        return 0
    if argv[:1] == ["examples"]:
        stale = [path for path, text in examples().items() if not path.exists() or path.read_text() != text]
        if "--check" in argv:
            for path in stale:
                print(f"{path.relative_to(DEPLOY.parent)} is not what its template gives.")
            return 1 if stale else 0
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(examples()[path])
            print(f"wrote {path.relative_to(DEPLOY.parent)}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
