"""{% address 'name' %}: `{% url 'name' %}` for the layout's fixed links, reversed once per process
and language (core/addresses.py)."""

from django import template

from core.addresses import address as _address

register = template.Library()


@register.simple_tag
def address(viewname: str, **kwargs) -> str:
    return _address(viewname, **kwargs)
