from django import template

from decisions.open_points import mark_open_points

register = template.Library()


@register.filter(name="open_points")
def open_points_filter(html):
    """Apply after |markdown: the input is already sanitized HTML."""
    return mark_open_points(str(html))
