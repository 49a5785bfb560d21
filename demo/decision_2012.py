"""The draft decision on the 2012 work programme (seed document), as a paragraph tree.

The seed is a table flattened to text; one artefact is repaired here: the cell
split "Ba | on the proposals" is the word "Based".
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    text: str
    children: list["Para"] = field(default_factory=list)
    closing_text: str = ""
    list_style: str = "numbered"
    continues_numbering: bool = False


SLUG = "work-programme-2012"
TITLE = "Work programme 2012 for the implementation and universalization of the Convention on Cluster Munitions"
HEADING = "Draft decisions and recommendations for consultations"

_COORDINATOR_LINES = [
    "Working Group on the General Status and Operation of the Convention in 2012 (*State Party*), "
    "and for 2012 and 2013 (*State Party*);",
    "Working Group on Universalization in 2012 (*State Party*), and for 2012 and 2013 (*State Party*);",
    "Working Group on Victim Assistance in 2012 (*State Party*), and for 2012 and 2013 (*State Party*);",
    "Working Group on Clearance and Risk Reduction in 2012 (*State Party*), and for 2012 and 2013 (*State Party*);",
    "Working Group on Stockpile Destruction and Retention in 2012 (*State Party*), and for 2012 and "
    "2013 (*State Party*);",
    "Working Group on Cooperation and Assistance in 2012 (*State Party*), and for 2012 and 2013 (*State Party*);",
    # The seed prints this stand-in without italics.
    "Reporting in 2012 and 2013 (State Party); and",
    "National Implementation Measures in 2012 and 2013 (*State Party*)",
]

PARAGRAPHS = [
    Para(
        "At its plenary meeting on September 2011, the Meeting welcomed the President's Discussion "
        "Paper on Implementation Architecture (CCM/MSP/2011/WP.X). The Discussion Paper outlines "
        "background and the outcome of informal discussions held since the 1MSP and a consolidation of "
        "recommendations and proposals suggested for consideration by States Parties at the 2MSP."
    ),
    Para(
        "Based on the proposals tabled for consideration, State Parties decided to:",
        [
            Para(
                "Convene annually, subject to review by the First Review Conference, informal "
                "intersessional meetings to be held in Geneva in the first half of the year, for a "
                "duration of up to five days."
            ),
            Para(
                "Convene an informal intersessional meeting for 2012 at [venue and location] from to "
                "of, 2012. The Meeting decided that the informal intersessional meeting should be in "
                "English, French and Spanish supported through funding."
            ),
            Para(
                "Establish Working Groups on",
                [
                    Para("General Status and Operation of the Convention"),
                    Para("Universalization,"),
                    Para("Victim Assistance,"),
                    Para("Clearance and Risk Reduction"),
                    Para("Stockpile Destruction and Retention, and"),
                    Para("Cooperation and Assistance;"),
                ],
                closing_text="each led by one or two Coordinators from States Parties to the Convention.",
            ),
            Para(
                "Establish, in addition to the Working Group Coordinators, one Coordinator to lead each "
                "of the thematic areas of",
                [Para("Reporting and"), Para("National Implementation Measures")],
                continues_numbering=True,
            ),
            Para(
                "Establish a Coordination Committee as outlined in the President's Discussion Paper "
                "under the Chairmanship of the President of the Meeting of States Parties."
            ),
        ],
    ),
    Para(
        "At the same plenary meeting, the Meeting welcomed the appointment of the Coordinators and "
        "Friends or Co-Coordinators that will guide the intersessional work programme as follows:",
        [Para(line) for line in _COORDINATOR_LINES],
        list_style="bulleted",
    ),
    Para("Draft decisions on implementation support forthcoming...."),
    Para(
        "At the same plenary meeting, States Parties decided to designate [name, title and State Party] "
        "as the President of the Third Meeting of States Parties and also decided to hold the Third "
        "Meeting of States Parties from ______ to ______, 2012 in [city, country]."
    ),
]
