"""The speed benchmark of the public site and of PDF rendering, in one run.

    python -m bench.run            # about 15 minutes; writes bench/results.md

It creates a PostgreSQL database `ccm_bench` (dropped first if it exists),
loads the generated data set (bench/generate.py), starts gunicorn with the
production settings on 127.0.0.1, and loads each page with wrk from a second
process on the loopback at concurrency 1, 8 and 32 for 30 s each, beside a bare
Django view served by the same server; then again without the page cache.
The page cache is the production default, the database cache; a shorter run
at concurrency 8 uses Redis (REDIS_URL) instead. The withdrawal scenario serves
with three workers, has every worker cache a minutes page, withdraws the minutes
from this process (as staff in the admin would, through another worker), and
asks again from eight clients: how long after the commit a worker still served
the withdrawn text (goal: never). Then it times WeasyPrint on the seed minutes
and on decisions of 25, 50 and 100 pages. Needs `wrk` (apt-get install wrk), a
local PostgreSQL and, for the Redis row, a local Redis.
"""

import concurrent.futures
import contextlib
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
# The concurrency sweep (page cache on, as in production), and the shorter cache-off comparison.
DURATION, CONCURRENCY = "30s", (1, 8, 32)
UNCACHED_DURATION, UNCACHED_CONNECTIONS = "10s", 8
REDIS_URL = "redis://127.0.0.1:6379/14"
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
    shutil.rmtree(ROOT / "bench" / ".media", ignore_errors=True)  # files of the previous run's database
    run("psql", SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}")
    run("psql", SERVER + "/postgres", "-qc", f"CREATE DATABASE {DATABASE}")
    run(PYTHON, "manage.py", "migrate", "-v0")
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0")
    output = run(PYTHON, "-m", "bench.generate", capture_output=True, text=True).stdout
    return output.strip()


def start_server(extra_env, workers=2):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "ccm_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
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


@contextlib.contextmanager
def serving(extra_env, workers=2):
    """gunicorn with the production settings (and `extra_env`) for the duration of the block."""
    server = start_server(extra_env, workers)
    try:
        yield server
    finally:
        server.terminate()
        server.wait()


def wrk(path, *, connections, duration, headers=()):
    url = f"http://127.0.0.1:{PORT}{path}"
    urllib.request.urlopen(url, timeout=30).read()  # warm
    threads = min(2, connections)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "10s", "--latency", url]
    for header in headers:
        args[1:1] = ["-H", header]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad_status[1]) if bad_status else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": re.search(r"\s50%\s+(\S+)", out)[1],
        "p99": re.search(r"\s99%\s+(\S+)", out)[1],
        "errors": errors,
    }


def load_pages():
    """Rows of (page, concurrency, mode, wrk figures): the sweep with the page cache, then without it."""
    import django

    os.environ.update(ENV)
    django.setup()
    from publishing.models import PublishedVersion
    from publishing.services import version_render_pdf

    minutes = (
        PublishedVersion.objects.filter(minutes__meeting__slug="bench-meeting-40", kind="published")
        .order_by("-number")
        .first()
    )
    if not minutes.pdf:
        version_render_pdf(version=minutes)  # the generator does not render PDFs; downloads need one
    french = french_version(minutes)
    pages = {
        "bare Django view": "/bench/bare/",
        "home page": "/",
        "minutes page (current version)": minutes.get_absolute_url(),
        "minutes page in French (its language version)": french.get_absolute_url(),
        "minutes list": "/minutes/",
        "search": "/search/?q=implementation+architecture",
        "PDF download": minutes.get_pdf_url(),
    }
    rows = []
    with serving({}):
        for connections in CONCURRENCY:
            for label, path in pages.items():
                rows.append(
                    (label, connections, "page cache on", wrk(path, connections=connections, duration=DURATION))
                )
    with serving({"REDIS_URL": REDIS_URL}):
        for label, path in pages.items():
            figures = wrk(path, connections=UNCACHED_CONNECTIONS, duration=UNCACHED_DURATION)
            rows.append((label, UNCACHED_CONNECTIONS, "page cache on Redis", figures))
    with serving({"BENCH_NO_PAGE_CACHE": "1"}):
        for label, path in pages.items():
            figures = wrk(path, connections=UNCACHED_CONNECTIONS, duration=UNCACHED_DURATION)
            rows.append((label, UNCACHED_CONNECTIONS, "page cache off", figures))
    return rows


def french_version(original):
    """A French language version of the minutes (its text marked, not translated: the bench measures
    the page, not the words), so the French page is measured beside the English one."""
    from django.contrib.auth import get_user_model

    from publishing.models import PublishedVersion
    from publishing.translations import translation_publish

    existing = PublishedVersion.in_all_languages.filter(translation_of=original, language="fr").first()
    if existing is not None:
        return existing
    texts = {part.key: f"[fr] {part.text}" for part in original.document.translation_parts(original)}
    by = get_user_model().objects.filter(is_staff=True).first()
    return translation_publish(original=original, language="fr", texts=texts, by=by)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        return response.read().decode()


def withdrawal_scenario(workers=3, clients=8, after_seconds=3.0):
    """Seconds from the withdrawal's commit to the last answer with the withdrawn text (0: none), and counts."""
    from meetings.models import Minutes
    from publishing.models import PublicationState
    from publishing.services import document_publish, document_withdraw

    minutes = (
        Minutes.objects.filter(publication_state=PublicationState.PUBLIC, meeting__slug__startswith="bench-")
        .select_related("meeting")
        .order_by("pk")
        .last()
    )
    url = f"http://127.0.0.1:{PORT}{minutes.get_absolute_url()}"
    with serving({}, workers=workers):
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            warm = list(pool.map(fetch, [url] * 60))  # every worker serves (and the cache holds) the page
            assert all("This document was withdrawn" not in page for page in warm)

            document_withdraw(document=minutes, by=None, reason="Benchmark: withdrawn to measure staleness.")
            committed_at = time.perf_counter()

            def ask(_):
                sent = time.perf_counter()
                page = fetch(url)
                return sent - committed_at, "This document was withdrawn" not in page

            answers, deadline = [], committed_at + after_seconds
            while time.perf_counter() < deadline:
                answers += list(pool.map(ask, range(clients)))
        document_publish(document=minutes, by=None)  # back as it was, as version N+1
    stale = [sent for sent, is_stale in answers if is_stale]
    return {"requests": len(answers), "stale": len(stale), "last_stale_after": max(stale, default=0.0)}


def time_pdfs():
    from io import BytesIO

    from pypdf import PdfReader

    from decisions.models import Decision, Paragraph
    from publishing.models import PublishedVersion
    from publishing.rendering import render_pdf
    from publishing.services import document_publish
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


def write_results(data_line, page_rows, withdrawal, pdf_rows):
    bare = {
        (connections, mode): row["rps"] for label, connections, mode, row in page_rows if label == "bare Django view"
    }
    lines = [
        "# Benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores: gunicorn (2 workers), "
        "production settings, PostgreSQL on the same machine; wrk from a second process on 127.0.0.1, "
        f"{DURATION} per page and concurrency with the page cache on (as in production), "
        f"{UNCACHED_DURATION} at concurrency {UNCACHED_CONNECTIONS} with it off.",
        "",
        f"Data: {data_line}.",
        "",
        "| page | concurrency | page cache | requests/s | vs bare view | p50 | p99 | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for label, connections, mode, row in page_rows:
        share = row["rps"] / bare[(connections, mode)] * 100
        lines.append(
            f"| {label} | {connections} | {mode} | {row['rps']:.0f} | {share:.0f}% | {row['p50']} | {row['p99']} "
            f"| {row['errors']} |"
        )
    lines += [
        "",
        "Withdrawal on 3 workers (each had the page cached): after the commit, "
        f"{withdrawal['requests']} requests from 8 clients over 3 s; "
        + (
            f"{withdrawal['stale']} served the withdrawn text, the last one sent "
            f"{withdrawal['last_stale_after'] * 1000:.0f} ms after the commit."
            if withdrawal["stale"]
            else "none served the withdrawn text."
        ),
    ]
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
    withdrawal = withdrawal_scenario()
    pdf_rows = time_pdfs()
    write_results(data_line, page_rows, withdrawal, pdf_rows)


if __name__ == "__main__":
    main()
