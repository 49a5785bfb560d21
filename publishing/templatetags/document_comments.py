from django import template

from publishing.models import Comment

register = template.Library()


@register.simple_tag
def open_document_comments() -> int:
    """Comments on circulated documents (every type) not yet taken up or not: for the admin index."""
    return Comment.objects.filter(status=Comment.Status.NEW).count()
