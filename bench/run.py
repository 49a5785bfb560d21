"""The speed benchmark of the public site through the production stack, and of PDF rendering.

    python -m bench.run            # about 17 minutes; writes bench/results.md
    python -m bench.run --database ccm_bench "search, page cache off (worst query)"   # one page, printed

It creates a PostgreSQL database `ccm_bench` (dropped first if it exists), loads
the generated data set (bench/generate.py), and serves it with `bin/serve web`:
nginx in front of gunicorn (as many workers as bin/serve starts by default:
two per core plus one, deploy/gunicorn.conf.py), the production settings,
exactly as a server runs it. wrk, from a second process on the loopback, loads each page at
concurrency 1, 8 and 32 for 10 s each, beside the two floors measured through
the same stack: a bare Django view (behind nginx) and a static file that nginx
sends, of the size of the PDF. A goal's page is measured right after its floor,
and its share is of that run (`measure`). Pages: the anonymous pages with the production
page cache (the database cache), a signed-in Friend's minutes page, the PDF as
readers download it (the public file nginx sends), and search with the page
cache off, on the worst query the data set holds. A shorter run at concurrency
8 uses Redis (REDIS_URL) for the cache. The withdrawal scenario serves with
three workers, has every worker cache a minutes page, withdraws the minutes from
this process (as staff in the admin would, through another worker), and asks
again from eight clients: how long after the commit a worker still served the
withdrawn text (goal: never). Then it times WeasyPrint on the seed minutes and
on decisions of 25, 50 and 100 pages. Needs `wrk` and nginx (apt-get install
wrk nginx-light), a local PostgreSQL and, for the Redis row, a local Redis.
"""

import argparse
import concurrent.futures
import contextlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
DATABASE = "ccm_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
STATIC_ROOT = ROOT / "bench" / ".staticfiles"
DURATION, CONCURRENCY, WARM_UP = "10s", (1, 8, 32), "2s"
REDIS_DURATION, REDIS_CONNECTIONS = "10s", 8
REDIS_URL = "redis://127.0.0.1:6379/14"
# bin/serve's own default (deploy/gunicorn.conf.py): the bench measures the stack as a server runs it.
WEB_WORKERS = min((os.cpu_count() or 1) * 2 + 1, 9)
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{SERVER}/{DATABASE}",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PORTAL_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATIC_ROOT": str(STATIC_ROOT),
    "MEDIA_ROOT": str(ROOT / "bench" / ".media"),
    "LOG_LEVEL": "WARNING",
    "TASK_BACKEND": "immediate",
    # wrk is one client address: the API's throttle still counts every request (as in production), but
    # never refuses one here.
    "API_ANON_RATE": "1000000/second",
    "API_USER_RATE": "1000000/second",
}
ENV.pop("REDIS_URL", None)
PYTHON = sys.executable
# Goals of issue 17, each measured against its floor at the same concurrency.
GOALS = {
    "PDF download": ("static file of the PDF's size", 80),
    "minutes page, anonymous": ("bare Django view", 60),
    "minutes page, signed-in Friend": ("bare Django view", 30),
    "search, page cache off (worst query)": ("bare Django view", 10),
}
P99_GOAL_MS = 100


def run(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)


def prepare_database():
    shutil.rmtree(ROOT / "bench" / ".media", ignore_errors=True)  # files of the previous run's database
    run("psql", SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}")
    run("psql", SERVER + "/postgres", "-qc", f"CREATE DATABASE {DATABASE}")
    run(PYTHON, "manage.py", "migrate", "-v0")
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0")  # the PDFs' print stylesheet, by its manifest
    output = run(PYTHON, "-m", "bench.generate", capture_output=True, text=True).stdout
    return output.strip()


@contextlib.contextmanager
def serving(extra_env, workers=WEB_WORKERS):
    """`bin/serve web` (nginx, gunicorn) with the production settings and `extra_env`, for the block."""
    log = open(ROOT / "bench" / ".serve.log", "a")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(ROOT / "bin" / "serve"), "web"],
        env={
            **ENV,
            **extra_env,
            "PORT": str(PORT),
            "WEB_CONCURRENCY": str(workers),
            "SERVE_RUN_DIR": str(ROOT / "bench" / ".run"),
            "TASK_BACKEND": "database",  # as bin/serve runs; the bench reads, it queues nothing
            # Done once by prepare_database, for every start.
            "SERVE_MIGRATE": "0",
            "SERVE_COLLECTSTATIC": "0",
        },
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its nginx and gunicorn are stopped with it
    )
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError(f"bin/serve web exited with {server.returncode}: see bench/.serve.log")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("bin/serve web did not answer within a minute: see bench/.serve.log")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def wrk(path, *, connections, duration, headers=()):
    url = f"http://127.0.0.1:{PORT}{path}"
    request = urllib.request.Request(url, headers=dict(header.split(": ", 1) for header in headers))
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - warm, and check it answers
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        # A session the portal no longer accepts would measure the anonymous page under the signed-in label.
        if any(header.startswith("Cookie: ") for header in headers) and b"Sign out" not in response.read():
            raise RuntimeError(f"{path} was not served to a signed-in reader")
    threads = min(2, connections)

    def load(for_how_long):
        args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{for_how_long}", "--timeout", "10s", "--latency", url]
        for header in headers:
            args[1:1] = ["-H", header]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    # The same load for WARM_UP first, not measured: the figures are of a server in its steady state,
    # with every worker having served the page (its connection, its statements prepared), not of a
    # worker's first requests. An error then is counted all the same.
    warm_up = load(WARM_UP)
    out = load(duration)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", out)[1]),
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", out)[1]),
        "errors": wrk_errors(warm_up) + wrk_errors(out),
    }


def wrk_errors(out: str) -> int:
    """Answers other than 2xx or 3xx, and socket errors (timeouts included), in wrk's report."""
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return (int(bad_status[1]) if bad_status else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)


def milliseconds(figure: str) -> float:
    """wrk's "812.00us", "3.17ms", "1.20s" in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", figure).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def bench_setup():
    """The pages to load, with what they need: the minutes' PDF rendered, a copy of it as a static file,
    a French language version, a signed-in Friend's session. Returns {label: (path, headers)}, by server."""
    import django

    os.environ.update(ENV)
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from bench.generate import worst_case_search_query
    from decisions.models import Decision
    from demo.accounts import demo_accounts_create
    from opendata.models import ApiToken
    from opendata.services import api_token_create
    from publishing.models import PublishedVersion
    from publishing.services import version_render_pdf

    minutes = (
        PublishedVersion.objects.filter(minutes__meeting__slug="bench-meeting-40", kind="published")
        .order_by("-number")
        .first()
    )
    if not minutes.pdf:
        version_render_pdf(version=minutes)  # the generator does not render PDFs; downloads need one
        minutes.refresh_from_db()
    same_size = STATIC_ROOT / "bench" / "same-size-as-the-pdf.pdf"
    same_size.parent.mkdir(exist_ok=True)
    with minutes.pdf.open("rb") as pdf:
        same_size.write_bytes(pdf.read())
    french = french_version(minutes)

    demo_accounts_create(password="bench-" + "x" * 20)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    friend = get_user_model().objects.get(username="friend")
    session["_auth_user_id"] = str(friend.pk)
    session["_auth_user_backend"] = "workgroups.access.ReaderBackend"
    session["_auth_user_hash"] = friend.get_session_auth_hash()
    session.save()
    # With the CSRF cookie the first page set, as the Friend's browser sends it back on every later page
    # (without it, every page would make and set a new one, which no signed-in reading does).
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    friend_cookie = (
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )
    # The earlier runs' tokens on this database first (a short run reuses it; an account may hold 20).
    ApiToken.objects.filter(user=friend, name="bench").delete()
    _token, friend_token = api_token_create(user=friend, name="bench")
    decision = Decision.objects.filter(versions__kind="published").order_by("pk").first()

    cached = {
        "bare Django view": ("/bench/bare/", ()),
        "static file of the PDF's size": (f"/static/{same_size.relative_to(STATIC_ROOT)}", ()),
        "PDF download": (minutes.get_pdf_url(), ()),
        "home page": ("/", ()),
        "minutes page, anonymous": (minutes.get_absolute_url(), ()),
        "minutes page, signed-in Friend": (minutes.get_absolute_url(), (friend_cookie,)),
        "minutes page in French (its language version)": (french.get_absolute_url(), ()),
        "minutes list": ("/minutes/", ()),
        "search, page cache on": (f"/search/?{worst_case_search_query()}", ()),
        # The open-data API (issue 19): a list and a detail as anonymous clients read them (the shared
        # cache under the generation, the throttle counting), and the list read with a Friend's token.
        "API list (meetings), anonymous": ("/api/v1/meetings/", ()),
        "API detail (decision with its paragraphs), anonymous": (f"/api/v1/decisions/{decision.slug}/", ()),
        "API list (meetings), Friend's token": ("/api/v1/meetings/", (f"Authorization: Token {friend_token}",)),
    }
    uncached = {
        "bare Django view": ("/bench/bare/", ()),
        "search, page cache off (worst query)": (f"/search/?{worst_case_search_query()}", ()),
    }
    return cached, uncached


def load_pages(only=()):
    """Rows of (page, concurrency, server, wrk figures); with `only`, those pages and the bare view."""
    cached, uncached = bench_setup()
    if only:
        cached, uncached = (
            {label: page for label, page in pages.items() if label in only} for pages in (cached, uncached)
        )
        cached = {"bare Django view": ("/bench/bare/", ()), **cached} if cached else {}
        uncached = {"bare Django view": ("/bench/bare/", ()), **uncached} if uncached else {}
    rows = []
    with serving({}) if cached else contextlib.nullcontext():
        for connections in CONCURRENCY if cached else ():
            for label in cached:
                rows.append((label, connections, "page cache on", measure(label, cached, connections, DURATION)))
    with serving({"BENCH_NO_PAGE_CACHE": "1"}) if uncached else contextlib.nullcontext():
        for connections in CONCURRENCY if uncached else ():
            for label in uncached:
                rows.append((label, connections, "page cache off", measure(label, uncached, connections, DURATION)))
    with serving({"REDIS_URL": REDIS_URL}) if cached else contextlib.nullcontext():
        for label in cached:
            if label.startswith("static") or label.startswith("PDF"):
                continue  # nginx alone: the cache plays no part
            figures = measure(label, cached, REDIS_CONNECTIONS, REDIS_DURATION)
            rows.append((label, REDIS_CONNECTIONS, "page cache on Redis", figures))
    return rows


def measure(label, pages, connections, duration):
    """wrk's figures for one page. A goal's page is measured right after its floor, whose rate is kept
    with it (`floor_rps`): its share compares two runs a few seconds apart, not runs minutes apart
    between which the machine's speed drifts (the bare view's own rate moved by a fifth between runs)."""
    path, headers = pages[label]
    floor_rps = None
    if label in GOALS and GOALS[label][0] in pages:
        floor_path, floor_headers = pages[GOALS[label][0]]
        floor_rps = wrk(floor_path, connections=connections, duration=duration, headers=floor_headers)["rps"]
    figures = wrk(path, connections=connections, duration=duration, headers=headers)
    return {**figures, "floor_rps": floor_rps}


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


def share_of(figures, label, connections, server, floor="bare Django view"):
    """A page's rate as a percentage of its floor's: the floor measured just before it, for a goal's page
    against its own floor (measure), else the floor's row at that concurrency."""
    row = figures[(label, connections, server)]
    paired = row.get("floor_rps") if GOALS.get(label, (None,))[0] == floor else None
    return row["rps"] / (paired or figures[(floor, connections, server)]["rps"]) * 100


def write_results(data_line, page_rows, withdrawal, pdf_rows):
    figures = {(label, connections, server): row for label, connections, server, row in page_rows}
    lines = [
        "# Benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores through the stack "
        f"`bin/serve web` starts: nginx in front of gunicorn ({WEB_WORKERS} workers), production settings, "
        "PostgreSQL on the same machine; wrk from a second process on 127.0.0.1, "
        f"{DURATION} per page and concurrency.",
        "",
        f"Data: {data_line}.",
        "",
        "## Goals",
        "",
        "| page | measured against | goal | concurrency 1 | concurrency 8 | concurrency 32 | p99 at 32 | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, (floor, goal) in GOALS.items():
        server = "page cache off" if "page cache off" in label else "page cache on"
        shares = [share_of(figures, label, connections, server, floor) for connections in CONCURRENCY]
        errors = sum(figures[(label, connections, server)]["errors"] for connections in CONCURRENCY)
        p99 = figures[(label, 32, server)]["p99"]
        lines.append(
            f"| {label} | {floor} | ≥ {goal}% | "
            + " | ".join(f"{value:.0f}%" for value in shares)
            + f" | {p99:.1f} ms (goal < {P99_GOAL_MS}) | {errors} |"
        )
    lines += [
        "",
        "## Every page",
        "",
        "| page | concurrency | server | requests/s | vs bare view | its floor just before | p50 | p99 | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, connections, server, row in page_rows:
        floor = f"{row['floor_rps']:.0f}/s ({GOALS[label][0]})" if row.get("floor_rps") else ""
        lines.append(
            f"| {label} | {connections} | {server} | {row['rps']:.0f} | {share_of(figures, label, connections, server):.0f}% "
            f"| {floor} | {row['p50']:.2f} ms | {row['p99']:.2f} ms | {row['errors']} |"
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
    for command, package in (("wrk", "wrk"), ("nginx", "nginx-light")):
        if shutil.which(command, path=f"{os.environ.get('PATH', '')}:/usr/sbin") is None:
            sys.exit(f"{command} is not installed: apt-get install {package}")
    if len(sys.argv) > 1:
        return main_some_pages()
    data_line = prepare_database()
    page_rows = load_pages()
    withdrawal = withdrawal_scenario()
    pdf_rows = time_pdfs()
    write_results(data_line, page_rows, withdrawal, pdf_rows)


def main_some_pages():
    """python -m bench.run [--database NAME] [--port N] [--redis-url URL] PAGE...: a short run of the
    named pages (labels as in results.md) beside the bare view, on a database bench.run (or
    bench.generate) filled before, printed and not written to results.md. For checking a change
    while the whole bench would take too long; the figures to compare are the shares."""
    global DATABASE, PORT, REDIS_URL
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("pages", nargs="+")
    arguments = parser.parse_args()
    DATABASE, PORT, REDIS_URL = arguments.database, arguments.port, arguments.redis_url
    ENV["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    run(PYTHON, "manage.py", "migrate", "-v0")
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0")
    rows = load_pages(only=set(arguments.pages))
    figures = {(label, connections, server): row for label, connections, server, row in rows}
    print("| page | concurrency | server | requests/s | vs bare view | p50 | p99 | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for label, connections, server, row in rows:
        print(
            f"| {label} | {connections} | {server} | {row['rps']:.0f} | "
            f"{share_of(figures, label, connections, server):.0f}% "
            f"| {row['p50']:.2f} ms | {row['p99']:.2f} ms | {row['errors']} |"
        )


if __name__ == "__main__":
    main()
