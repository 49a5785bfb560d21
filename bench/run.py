"""The speed benchmark of the public site and of PDF rendering, in one run.

    python -m bench.run            # about 6 minutes; writes bench/results.md

It creates a PostgreSQL database `ccm_bench` (dropped first if it exists),
loads the generated data set (bench/generate.py), starts gunicorn with the
production settings on 127.0.0.1, and loads each page with wrk from a second
process on the loopback, beside a bare Django view served by the same server.
Then it times WeasyPrint on the seed minutes and on decisions of 25, 50 and 100
pages. Needs `wrk` (apt-get install wrk) and a local PostgreSQL.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
DATABASE = "ccm_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
DURATION, CONNECTIONS, THREADS = "10s", 8, 2
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{SERVER}/{DATABASE}",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATIC_ROOT": str(ROOT / "bench" / ".staticfiles"),
    "MEDIA_ROOT": str(ROOT / "bench" / ".media"),
    "LOG_LEVEL": "WARNING",
    "TASK_BACKEND": "immediate",
}
PYTHON = sys.executable


def run(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)


def prepare_database():
    run("psql", SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}")
    run("psql", SERVER + "/postgres", "-qc", f"CREATE DATABASE {DATABASE}")
    run(PYTHON, "manage.py", "migrate", "-v0")
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0")
    output = run(PYTHON, "-m", "bench.generate", capture_output=True, text=True).stdout
    return output.strip()


def start_server(extra_env):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "ccm_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env={**ENV, **extra_env},
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def wrk(path, headers=()):
    url = f"http://127.0.0.1:{PORT}{path}"
    urllib.request.urlopen(url, timeout=30).read()  # warm
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url]
    for header in headers:
        args[1:1] = ["-H", header]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: .*", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": re.search(r"\s50%\s+(\S+)", out)[1],
        "p99": re.search(r"\s99%\s+(\S+)", out)[1],
        "errors": int(errors[1]) if errors else 0 + (1 if socket_errors else 0),
    }


def etag_of(path):
    return urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30).headers["ETag"]


def load_pages():
    import django

    os.environ.update(ENV)
    django.setup()
    from ccm_portal.publishing.models import PublishedVersion

    minutes = (
        PublishedVersion.objects.filter(minutes__meeting__slug="bench-meeting-40", kind="published")
        .order_by("-number")
        .first()
    )
    pages = {
        "bare Django view": "/bench/bare/",
        "minutes page (current version)": minutes.get_absolute_url(),
        "minutes list": "/minutes/",
        "decisions list, filtered by year": "/decisions/?year=2020",
        "search": "/search/?q=implementation+architecture",
    }
    rows = []
    for cached in (True, False):
        server = start_server({} if cached else {"BENCH_NO_PAGE_CACHE": "1"})
        try:
            for label, path in pages.items():
                rows.append((label, "page cache on" if cached else "page cache off", wrk(path)))
            if cached:
                tag = etag_of(pages["minutes page (current version)"])
                rows.append(
                    ("minutes page, revalidated (304)", "page cache on",
                     wrk(pages["minutes page (current version)"], headers=[f"If-None-Match: {tag}"])),
                )  # fmt: skip
        finally:
            server.terminate()
            server.wait()
    return rows


def time_pdfs():
    from io import BytesIO

    from pypdf import PdfReader

    from ccm_portal.publishing.models import PublishedVersion
    from ccm_portal.publishing.rendering import render_pdf
    from ccm_portal.publishing.services import document_publish
    from decisions.models import Decision, Paragraph
    from tests.factories import DecisionFactory

    def timed(version, runs=3):
        durations, pdf = [], b""
        for _ in range(runs):
            began = time.perf_counter()
            pdf = render_pdf(version)
            durations.append(time.perf_counter() - began)
        return statistics.median(durations), len(PdfReader(BytesIO(pdf)).pages)

    rows = []
    seed = PublishedVersion.objects.filter(minutes__meeting__slug="friends-meeting-2010-11-30").first()
    rows.append(("seed minutes (30 November 2010)", *timed(seed)))
    text = Paragraph.objects.filter(decision__slug__startswith="bench-", parent__isnull=True).first().text
    for paragraphs in (135, 270, 540):  # about 25, 50 and 100 pages
        decision = DecisionFactory(title=f"Long decision of {paragraphs} paragraphs", slug=f"bench-long-{paragraphs}")
        Paragraph.objects.bulk_create(
            [Paragraph(decision=decision, position=p, text=f"{text} {text}") for p in range(paragraphs)]
        )
        version = document_publish(document=Decision.objects.get(pk=decision.pk), by=None)
        rows.append((f"decision of {paragraphs} paragraphs", *timed(version, runs=1)))
    return rows


def write_results(data_line, page_rows, pdf_rows):
    bare = {mode: row["rps"] for label, mode, row in page_rows if label == "bare Django view"}
    lines = [
        "# Benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores: gunicorn (2 workers), "
        f"production settings, PostgreSQL on the same machine; wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} "
        "from a second process on 127.0.0.1.",
        "",
        f"Data: {data_line}.",
        "",
        "| page | page cache | requests/s | vs bare view | p50 | p99 | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, mode, row in page_rows:
        share = row["rps"] / bare[mode] * 100
        lines.append(
            f"| {label} | {mode} | {row['rps']:.0f} | {share:.0f}% | {row['p50']} | {row['p99']} | {row['errors']} |"
        )
    lines += ["", "| PDF | pages | render time | per page |", "|---|---:|---:|---:|"]
    for label, seconds, pages in pdf_rows:
        lines.append(f"| {label} | {pages} | {seconds:.2f} s | {seconds / pages * 1000:.0f} ms |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    data_line = prepare_database()
    page_rows = load_pages()
    pdf_rows = time_pdfs()
    write_results(data_line, page_rows, pdf_rows)


if __name__ == "__main__":
    main()
