from django_tasks import task

from contacts.exports import edition_pdf_render
from contacts.models import ContactListEdition


@task()
def render_contact_list_pdf(edition_id: int) -> None:
    """Background: render an edition's PDF, unless the stored one was made from the same list."""
    edition = ContactListEdition.objects.filter(pk=edition_id).first()
    if edition is not None:
        edition_pdf_render(edition)
