"""Who may read the Friends contact list with its addresses: whoever reads circulated drafts
(Friends on the current list, current post holders and staff)."""

import rules

from ccm_portal.publishing.selectors import may_read_circulated

rules.add_perm("contacts.view_directory", rules.predicate(may_read_circulated))
