"""Object-level permissions for group pages, found by rules' autodiscovery.

`user.has_perm("workgroups.edit_group_page", group)` is true for staff and for
the group's current coordinators; see selectors.standing_of for the rule itself.
"""

import rules

from workgroups.selectors import standing_of


@rules.predicate
def is_current_coordinator(user, group) -> bool:
    return group is not None and standing_of(user).may_edit(group)


is_staff = rules.is_staff & rules.is_active

rules.add_perm("workgroups.edit_group_page", is_current_coordinator)
# Restoring earlier versions of a page, and reading its full history, is the secretariat's.
rules.add_perm("workgroups.restore_group_page", is_staff)
