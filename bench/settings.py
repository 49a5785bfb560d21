"""Production settings plus one bare view to compare against (see bench/run.py)."""

from ccm_portal.environment import env_bool
from ccm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if env_bool("BENCH_NO_PAGE_CACHE", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
