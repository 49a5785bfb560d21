from django_tasks import task

from opendata.services import public_export_publish


@task()
def export_public() -> None:
    """Background: the export /data/ links, made again now rather than at the worker's next round (every
    EXPORT_INTERVAL seconds in bin/serve); nothing is stored when nothing public changed."""
    public_export_publish()
