"""/healthz: whether this app server can do its work, for load balancers and monitoring.

Each check touches one service the portal needs: the database, the shared cache,
the file storage (filesystem or S3: only the storage API is used) and the task
queue, whose oldest waiting task tells whether any worker is running. The answer
names the check that failed and the exception's class, never its text: a
connection error's message can carry a host name or a password.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

OK = "ok"
FAIL = "fail"
# What the storage check looks up: it need not exist, the storage must only answer.
STORAGE_MARKER = "healthz"


class CheckFailed(Exception):
    """A service answered, but not what it should have."""


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed
    return {}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, key, timeout=10)
    readable = cache.get(key) == key
    cache.delete(key)
    if not readable:
        raise CheckFailed
    return {}


def check_storage() -> dict:
    default_storage.exists(STORAGE_MARKER)
    return {}


def check_tasks() -> dict:
    """The oldest task ready to run: waiting longer than HEALTHZ_MAX_TASK_AGE means no worker takes tasks."""
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = 0 if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
    answer = {"oldest_queued_seconds": age, "limit_seconds": settings.HEALTHZ_MAX_TASK_AGE}
    if age > settings.HEALTHZ_MAX_TASK_AGE:
        raise CheckFailed(answer)
    return answer


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage, "tasks": check_tasks}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"status": OK, **check()}
        except CheckFailed as failure:
            details = failure.args[0] if failure.args else {}
            results[name] = {"status": FAIL, **details}
        except Exception as error:  # any failure is an answer here, never a 500
            results[name] = {"status": FAIL, "error": type(error).__name__}
    return results


@never_cache
@require_safe
def healthz(request):
    """200 when every check passes, 503 naming the ones that failed.

    `?scope=web`, for a load balancer: the task queue is reported but decides nothing, since pages do not
    need the worker; otherwise a stopped worker would take every app server out of the balancer at once."""
    checks = run_checks()
    deciding = [name for name in checks if not (name == "tasks" and request.GET.get("scope") == "web")]
    healthy = all(checks[name]["status"] == OK for name in deciding)
    return JsonResponse({"status": OK if healthy else FAIL, "checks": checks}, status=200 if healthy else 503)
