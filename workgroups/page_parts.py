"""Parts of a group's page that the layers above contribute: the meetings layer adds the group's meetings.

workgroups sits below meetings (the layers contract in pyproject.toml), so it cannot ask for a
group's meetings itself; meetings registers a part when the project starts (meetings/apps.py),
as domain apps plug into publishing through declared hooks. Each part is a template included in
the group's page and a function giving that template's context for a group and a reader, which
decides what that reader may see (the meetings layer applies its own privacy rules).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workgroups.models import WorkingGroup


@dataclass(frozen=True)
class GroupPagePart:
    name: str
    template_name: str
    context: Callable[[WorkingGroup, Any], dict]  # (group, user) -> the template's context


@dataclass(frozen=True)
class RenderedPart:
    template_name: str
    context: dict


_PARTS: dict[str, GroupPagePart] = {}


def group_page_part_register(part: GroupPagePart) -> None:
    """Add a part to every group's page; registering a name again replaces the part (AppConfig.ready
    may run more than once)."""
    _PARTS[part.name] = part


def group_page_parts(group: WorkingGroup, user) -> list[RenderedPart]:
    """Each registered part's template and its context for this group and reader, in registration order."""
    return [RenderedPart(part.template_name, part.context(group, user)) for part in _PARTS.values()]
