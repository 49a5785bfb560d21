"""The groups of the 2012 work programme and the Friends' thematic leads of 2010–2011."""

import datetime

WORKING_GROUP_MANDATE = (
    "One of the six Working Groups the Meeting of States Parties established for the "
    "intersessional work programme, each led by one or two Coordinators from States Parties "
    "to the Convention."
)
THEMATIC_AREA_MANDATE = "A thematic area led by one Coordinator, in addition to the Working Group Coordinators."
COMMITTEE_MANDATE = (
    "Established as outlined in the President's Discussion Paper under the Chairmanship of the "
    "President of the Meeting of States Parties. It brings together the coordinators, the "
    "President, the President-designate, civil society and international organisations."
)

# slug, name, kind, mandate; in the order of the work programme decision (i–viii).
GROUPS = [
    ("general-status-and-operation", "General Status and Operation of the Convention", "working_group", WORKING_GROUP_MANDATE),
    ("universalization", "Universalization", "working_group", WORKING_GROUP_MANDATE),
    ("victim-assistance", "Victim Assistance", "working_group", WORKING_GROUP_MANDATE),
    ("clearance-and-risk-reduction", "Clearance and Risk Reduction", "working_group", WORKING_GROUP_MANDATE),
    ("stockpile-destruction-and-retention", "Stockpile Destruction and Retention", "working_group", WORKING_GROUP_MANDATE),
    ("cooperation-and-assistance", "Cooperation and Assistance", "working_group", WORKING_GROUP_MANDATE),
    ("reporting", "Reporting", "thematic_area", THEMATIC_AREA_MANDATE),
    ("national-implementation-measures", "National Implementation Measures", "thematic_area", THEMATIC_AREA_MANDATE),
    ("coordination-committee", "Coordination Committee", "committee", COMMITTEE_MANDATE),
]  # fmt: skip

# The Friends meeting of 30 November 2010 confirmed these thematic leads for the
# interim period 1MSP – 2MSP (the 2MSP ended on 16 September 2011).
FRIENDS_TERM = (datetime.date(2010, 11, 30), datetime.date(2011, 9, 16))
FRIENDS_LEADS = [
    ("general-status-and-operation", "Norway"),
    ("universalization", "Japan"),
    ("victim-assistance", "Austria"),
    ("clearance-and-risk-reduction", "Australia"),
    ("stockpile-destruction-and-retention", "Germany"),
    ("cooperation-and-assistance", "South Africa"),
    ("reporting", "Belgium"),
    ("national-implementation-measures", "New Zealand"),
]

# The Coordination Committee is chaired by the President of the Meeting of States Parties (the draft
# decision, 2. e)): from the 2MSP, which establishes it, the 2MSP's President, Lebanon (the minutes:
# "its offer to host and preside over the 2MSP"; the contact list: "President-designate, 2MSP"). The
# presidency passes at the 3MSP, which the draft decision puts in 2012 without dates: the term runs to
# the last day that can be, as tentative meeting dates run to the latest likely day. Its other members
# (coordinators, the President-designate, civil society, international organisations) are not typed:
# the seeds leave the coordinators as *State Party* and the 3MSP's President-designate as a placeholder.
COMMITTEE_SLUG = "coordination-committee"
PRESIDENCY = ("Lebanon", datetime.date(2011, 9, 12), datetime.date(2012, 12, 31))
