"""Object-level permissions, found by rules' autodiscovery, defined from the access module.

`user.has_perm("workgroups.edit_group_page", group)` is true for staff and for
the group's current coordinators; `contacts.view_directory` for whoever reads
circulated drafts. See workgroups/access.py for the rules themselves.
"""

import rules

from workgroups.access import may_read_circulated, standing_of


@rules.predicate
def is_current_coordinator(user, group) -> bool:
    return group is not None and standing_of(user).may_edit(group)


is_staff = rules.is_staff & rules.is_active

rules.add_perm("workgroups.edit_group_page", is_current_coordinator)
# Restoring earlier versions of a page, and reading its full history, is the secretariat's.
rules.add_perm("workgroups.restore_group_page", is_staff)
# The Friends contact list with its addresses: whoever reads circulated drafts
# (contacts sits below the access layer, so its permission is defined here).
rules.add_perm("contacts.view_directory", rules.predicate(may_read_circulated))
