from django_tasks import task

from publishing.models import PublishedVersion
from publishing.services import version_render_pdf


@task()
def render_version_pdf(version_id: int) -> None:
    """Background: render a frozen version's PDF once (immediate backend by default, db_worker in production)."""
    version_render_pdf(version=PublishedVersion.in_all_languages.get(pk=version_id))
