"""gunicorn's settings for the portal (bin/serve and deploy/examples/systemd/ccm-portal-web.service).

The address comes from the command line (--bind). Workers: WEB_CONCURRENCY, which gunicorn reads
itself, else two per core and one more. Logs go to standard output; with LOG_FORMAT=json (bin/serve
sets it) as one JSON object a line, through the formatter Django's logs use (ccm_portal/settings.py).
"""

import gc
import multiprocessing
import os
import re

from pythonjsonlogger.json import JsonFormatter

if "WEB_CONCURRENCY" not in os.environ:
    workers = min(multiprocessing.cpu_count() * 2 + 1, 9)
# A request that takes longer is stuck: nginx gives up after 65 s (proxy_read_timeout) anyway.
timeout = 60
graceful_timeout = 30
# nginx accepts a request line of up to 8 KB (large_client_header_buffers' default); gunicorn's own limit,
# 4 KB by default, answered the longer ones (a search with a paragraph pasted in) with a bare 414 page of
# its own. Its largest limit: every address nginx passes on reaches the portal, which answers it.
limit_request_line = 8190
# The portal is imported once, in the master, and each worker forked from it: a worker starts in
# milliseconds, so restarting one now and then (no leak grows for ever) never stalls requests. Without
# it, every restart imported Django again for a second or more while requests queued (p99 1.6 s at 2,000).
preload_app = True
max_requests = 20_000
max_requests_jitter = 2_000
# nginx logs every request, with gunicorn's time for it (upstream_duration); GUNICORN_ACCESS_LOG=1 adds
# gunicorn's own lines (with the forwarded addresses), at the cost of formatting each in Python.
_ACCESS_LOG = os.environ.get("GUNICORN_ACCESS_LOG") == "1"
accesslog = "-" if _ACCESS_LOG else None
errorlog = "-"


# The one-time token of an invitation's or a password reset's link is never logged (nginx's log masks it too:
# deploy/nginx/portal.conf.template): whoever reads the log could use it before the person it was sent to.
_TOKEN_IN_PATH = re.compile(r"(/accounts/(?:invitation|reset)/[^/?\s]+/)[^/?\s]+")


def _without_token(text):
    return _TOKEN_IN_PATH.sub(r"\1[token]", text) if text else text


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access records as fields: its message is a format, its arguments the request's atoms."""

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        log_record["message"] = _without_token(log_record.get("message"))
        log_record.update(
            {
                # nginx's X-Forwarded-For: the client's address, then the proxies' (README: Production).
                "forwarded_for": atoms.get("{x-forwarded-for}i"),
                "method": atoms.get("m"),
                "path": _without_token(atoms.get("U")),
                "query": atoms.get("q"),
                "status": atoms.get("s"),
                "bytes": atoms.get("B"),
                "duration_ms": atoms.get("M"),
            }
        )


access_log_format = "%(m)s %(U)s %(s)s"

if os.environ.get("LOG_FORMAT") == "json":
    _fields = {
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": JsonFormatter, **_fields},
            "access": {"()": AccessJsonFormatter, **_fields},
        },
        "handlers": {
            "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
            "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "access"},
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            # With a logging configuration, gunicorn sends every request to this logger whatever
            # `accesslog` says: the level is what keeps them out.
            "gunicorn.access": {
                "handlers": ["access"],
                "level": "INFO" if _ACCESS_LOG else "WARNING",
                "propagate": False,
            },
        },
        "root": {"handlers": ["error"], "level": "INFO"},
    }


def when_ready(server):
    """In the parent, with the portal loaded (preload_app) and before any worker is forked: load what
    Django would load on each worker's first request (core/warm_up.py), then move every object made so
    far out of the garbage collector's way (gc.freeze): the workers inherit both, their first pages are
    as fast as the next, their collections do not scan the portal's own objects again, and the memory
    holding those stays shared with the parent instead of being copied into each worker by the scan."""
    from core.warm_up import warm_up

    warm_up()
    gc.freeze()
