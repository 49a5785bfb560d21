from django_tasks import task

from decisions.models import Revision
from decisions.redline_pdf import redline_pdf_render


@task()
def render_redline_pdf(older_id: int, newer_id: int) -> None:
    """Background: render the redline PDF of two revisions once (immediate backend by default)."""
    redline_pdf_render(older=Revision.objects.get(pk=older_id), newer=Revision.objects.get(pk=newer_id))
