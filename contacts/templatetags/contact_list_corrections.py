"""The admin index's count of Friends' proposals waiting for a decision."""

from django import template

from contacts.models import ContactListCorrection

register = template.Library()


@register.simple_tag
def open_contact_list_corrections() -> int:
    return ContactListCorrection.objects.filter(status=ContactListCorrection.Status.OPEN).count()
