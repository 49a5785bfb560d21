"""The web server's parent loads what each worker would otherwise load on its first request (core/warm_up.py)."""

import gc
import runpy
from types import SimpleNamespace

from django.db import connections
from django.template import engines
from django.urls import clear_url_caches, get_resolver

from core.warm_up import warm_up
from deploy import render

# Not marked django_db: pytest-django fails the test on any query, as a connection opened in gunicorn's
# parent would be shared by every worker forked from it.


def test_warm_up_compiles_the_pages_templates_and_builds_every_languages_resolver_without_the_database():
    loader = engines["django"].engine.template_loaders[0]  # the cached loader every worker inherits
    loader.reset()
    clear_url_caches()

    warm_up()

    assert {"base.html", "search.html", "publishing/version_detail.html", "meetings/meeting_detail.html"} <= set(
        loader.get_template_cache
    )
    # Each language's addresses are reversed from a table built for it on first use.
    assert {"en", "fr", "es"} <= set(get_resolver()._reverse_dict)
    assert all(connection.connection is None for connection in connections.all())


def test_gunicorns_parent_warms_up_and_freezes_what_it_made_before_forking(monkeypatch):
    config = runpy.run_path(str(render.DEPLOY / "gunicorn.conf.py"))
    assert config["preload_app"] is True  # else the parent has no portal to warm up
    calls = []
    monkeypatch.setattr("core.warm_up.warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))

    config["when_ready"](server=None)

    assert calls == ["warm_up", "freeze"]


def test_warm_up_imports_the_redis_client_when_the_shared_cache_is_redis(settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    imported = []
    monkeypatch.setattr("core.warm_up._compile_templates", lambda engine: 0)
    monkeypatch.setattr("core.warm_up.importlib", SimpleNamespace(import_module=imported.append))
    warm_up()
    assert imported == ["redis"]
