from django_tasks import task

from meetings.minutes_compare import minutes_compare_pdf_render
from meetings.models import MinutesRevision


@task()
def render_minutes_compare_pdf(older_id: int, newer_id: int) -> None:
    """Background: render the comparison PDF of two versions of minutes once."""
    minutes_compare_pdf_render(
        older=MinutesRevision.objects.get(pk=older_id), newer=MinutesRevision.objects.get(pk=newer_id)
    )
