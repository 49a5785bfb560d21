"""Who may read the Friends contact list with its addresses: Friends, current post holders and staff."""

import rules

from workgroups.selectors import standing_of


@rules.predicate
def reads_contact_list(user) -> bool:
    return standing_of(user).reads_circulated


rules.add_perm("contacts.view_directory", reads_contact_list)
