"""Load in the web server's parent process what Django otherwise loads on each worker's first request.

Django builds its URL resolvers (one per language), reads the translation catalogues, imports the
views and template tag libraries and compiles templates lazily, on first use. gunicorn (preload_app)
forks its workers from a parent that has loaded the portal but served nothing, so every new worker,
at start and after each `max_requests` recycling, paid that on its first pages: 270-300 ms for a
minutes page, against 2-3 ms after, while the requests queued behind it waited too. Done once in the
parent (deploy/gunicorn.conf.py, `when_ready`), it is inherited by every worker it forks, and the
memory holding it stays shared between them.

Nothing here may touch the database: a connection opened in the parent would be shared by every
worker forked from it. Only what is the same for every request is loaded: no page is rendered.
"""

import contextlib
import datetime
import importlib
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.urls import Resolver404, get_resolver
from django.utils import formats, translation

logger = logging.getLogger(__name__)

# The project's templates: pages, e-mails, feeds.
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".ics")


def warm_up() -> None:
    """Build the URL resolvers and read the catalogues and formats of every language, import the shared
    cache's client, and compile the project's templates (importing the views and tag libraries they use)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver = get_resolver()
            resolver.reverse_dict  # noqa: B018 - built per language on first use
            with contextlib.suppress(Resolver404):
                resolver.resolve("/")  # compiles the patterns' regular expressions
            formats.date_format(datetime.date.today(), "DATE_FORMAT")  # the language's format module
    # The shared cache's client library (redis: some 80 ms to import), which Django imports on first use.
    if any(config["BACKEND"].endswith(".RedisCache") for config in settings.CACHES.values()):
        importlib.import_module("redis")
    compiled = sum(_compile_templates(engine) for engine in engines.all())
    # Nothing above queries; should anything ever, its connection must not be inherited by the workers.
    connections.close_all()
    logger.info(
        "Warmed up: URL resolvers and catalogues of %d languages, %d templates.", len(settings.LANGUAGES), compiled
    )


def _compile_templates(engine) -> int:
    # The folders TEMPLATES names (DIRS), not the installed packages' (admin, crispy-forms: left to first use).
    folders = [Path(folder) for folder in getattr(getattr(engine, "engine", None), "dirs", ())]
    compiled = 0
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                continue
            name = path.relative_to(folder).as_posix()
            try:
                engine.get_template(name)  # kept by the cached loader, which every worker inherits
            except TemplateSyntaxError:
                logger.exception("Template %s does not compile.", name)
            else:
                compiled += 1
    return compiled
