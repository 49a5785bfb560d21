"""Counting requests in a time window, in the shared cache, so every process and machine counts together."""

import datetime

from django.core.cache import cache


def over_limit(key: str, limit: int, window: datetime.timedelta) -> bool:
    """Count one more under `key`; True once past `limit` within `window` of the first."""
    cache.add(key, 0, timeout=int(window.total_seconds()))
    try:
        return cache.incr(key) > limit
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=int(window.total_seconds()))
        return False
