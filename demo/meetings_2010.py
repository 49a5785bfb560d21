"""Meetings named in the seed documents, with the Friends meeting of 30 November 2010 in full."""

import datetime

FRIENDS_MEETING_SLUG = "friends-meeting-2010-11-30"

CHAIR = {"name": "Yong", "title": "Ambassador", "country": "Lao PDR"}

# The eight areas of work the seeds name (the Friends meeting's agenda item 3, the draft decision's
# 2. c) and d)): the groups of demo/workgroups_2011.py but the committee, in the decision's order.
AREAS_OF_WORK = [
    "general-status-and-operation",
    "universalization",
    "victim-assistance",
    "clearance-and-risk-reduction",
    "stockpile-destruction-and-retention",
    "cooperation-and-assistance",
    "reporting",
    "national-implementation-measures",
]

MEETINGS = [
    {
        "slug": "1msp",
        "kind": "msp",
        "number": 1,
        "title": "First Meeting of States Parties",
        "start_date": datetime.date(2010, 11, 9),
        "end_date": datetime.date(2010, 11, 12),
        "city": "Vientiane",
        "country": "Lao PDR",
    },
    {
        "slug": FRIENDS_MEETING_SLUG,
        "kind": "friends",
        "title": "Meeting of the Friends of the President of the 1MSP to the CCM",
        "start_date": datetime.date(2010, 11, 30),
        "start_time": datetime.time(13, 0),
        "end_time": datetime.time(15, 0),
        "venue": "Palais",
        "room": "S4",
        "city": "Geneva",
        "country": "Switzerland",
        "notes": "A light lunch will be served",  # as the seed writes it, without a full stop
        "chaired": True,
        # Agenda item 3 takes up the eight areas of work and their leads; the minutes confirm the
        # Friends leading each (Transparency: the reporting area).
        "groups": AREAS_OF_WORK,
    },
    {
        "slug": "planning-mission-lebanon-2010-12",
        "kind": "planning_mission",
        "title": "First planning mission to Lebanon for the 2MSP",
        "start_date": datetime.date(2010, 12, 13),
        "end_date": datetime.date(2010, 12, 17),
        "dates_note": "week of 13 December 2010",
        "country": "Lebanon",
    },
    {
        "slug": "friends-meeting-2011-early",
        "kind": "friends",
        "title": "Meeting of the Friends of the President",
        # "End of January / beginning of February" as a window of three working weeks:
        # from Monday 24 January (the last full week of January) to Friday 11 February
        # (the first full week of February), taking in the week that straddles both.
        "start_date": datetime.date(2011, 1, 24),
        "end_date": datetime.date(2011, 2, 11),
        "dates_tentative": True,
        "dates_note": "end of January / beginning of February 2011",
        "city": "Geneva",
        "country": "Switzerland",
    },
    {
        "slug": "2msp",
        "kind": "msp",
        "number": 2,
        "title": "Second Meeting of States Parties",
        "start_date": datetime.date(2011, 9, 12),
        "end_date": datetime.date(2011, 9, 16),
        "city": "Beirut",
        "country": "Lebanon",
        "languages": ["en", "fr", "es", "ar"],
        # The draft decision for the 2MSP establishes the six working groups, the two thematic areas
        # and the Coordination Committee, and appoints their coordinators (2. c)–e), 3.).
        "groups": [*AREAS_OF_WORK, "coordination-committee"],
    },
]

# The annexed "Draft agenda": (title, description, lead, sub-items); a lead the
# agenda prints otherwise than " – (Lead)" is (lead, the words as printed). The two
# empty bullets under item 4 in the seed are left out: they hold no text.
AGENDA = [
    ("Short debrief of 1MSP", "", "Lao PDR", [("Discussion", "", "", [])]),
    ("Draft architecture", "draft 1 for discussion", "Canada", [("Discussion", "", "", [])]),
    (
        "Clarification/reconfirmation/additions of the thematic roles and leads of Friends",
        "interim period 1MSP – 2MSP",
        ("Exec. Coord.", "– (Exec. Coord.),"),
        [
            ("Areas of work suggested include:", "", "", [
                ("General Status and operation of the Convention",
                 "requested by Lao to be undertaken by Norway as a means of monitoring the Vientiane Action Plan", "", []),
                ("Victim Assistance", "undertaken by Austria in cooperation with Croatia in preps for 1MSP", "", []),
                ("Clearance and destruction of cluster munitions remnants and risk reduction education",
                 "undertaken by Australia in cooperation with Slovenia in preps for 1MSP", "", []),
                ("Stockpile destruction including retention",
                 "undertaken by Germany in cooperation with Belgium and Norway in preps for 1MSP", "", []),
                ("Universalisation", "undertaken by Japan in preps for 1MSP", "", []),
                ("Transparency", "reporting format undertaken by Belgium in preps for 1MSP", "", []),
                ("National Implementation measures", "undertaken by New Zealand in preps for 1MSP", "", []),
                ("Cooperation and assistance", "undertaken by South Africa in preps for 1MSP", "", []),
            ]),
            ("Discussion", "", "", []),
        ],
    ),
    (
        "Expectations of outcomes 2MSP to guide work priorities for 2011",
        "",
        "Exec Coord.",
        [
            ("Architecture", "", "", []),
            ("Location and Presidency of 3MSP", "", "", []),
            ("Brief discussion", "", "", []),
        ],
    ),
    ("Update on planning and organization of 2MSP", "", ("Lebanon", "– Lebanon"), []),
    ("AOB", "", "", []),
]  # fmt: skip

AGENDA_TITLE = "Draft agenda"
MINUTES_TITLE = "Minutes and action points"

MINUTES_SUMMARY = (
    "Following the 1MSP to the CCM, the first meeting of Friends was held, Tuesday 30 November. "
    "The meeting confirmed Friends and respective areas of work, considered a proposed first draft "
    "of architecture paper, and considered possible outcomes of the 2MSP. The meeting was opened and "
    "chaired by Ambassador Yong from the Lao Presidency with facilitation of agenda items 2-4 by the "
    "President's Executive Coordinator. The main elements discussed and various action points agreed "
    "are set out below and per the agenda annexed."
)

MINUTES_SECTIONS = [
    (
        "Debrief on 1MSP",
        "Lao PDR presented the outcomes of the 1MSP, noting the views expressed by most, that this had "
        "been a highly successful meeting and that Lao PDR was very pleased. Ambassador Yong thanked all "
        "of the Friends of the President, CMC, UN and ICRC for their support in delivering this success "
        "and thanked them for all work they had done. Other states, the CMC and ICRC also praised the "
        "meeting, its outcomes, the strong sense of teamwork and role of the Presidency and the Lao "
        "Government.",
    ),
    (
        "Draft architecture",
        "A food for thought paper on the future implementation architecture and an intersessional work "
        "programme was presented, for discussion and further elaboration as a basis for expected "
        "decisions at the 2MSP. The proposals relate to 1) an annual intersessional meeting for up to "
        "five days; 2) a series of 'working groups' with 'co-chairs' or 'coordinators'; 3) a "
        "'coordination committee' involving the 'co-chairs' / 'coordinators', President, "
        "President-designate, civil society and international organisations; and, 4) a 'Convention "
        "Support Office' to fulfil functions outlined in support of the implementation of the "
        "convention. Consensus was reached with regards to the need for an independent support "
        "mechanism reporting directly to States Parties. Discussions were not exhaustive, further "
        "discussions are needed with regards to the organisation of work among 'working groups'.",
    ),
    (
        "Thematic roles and leads of Friends, interim period 1MSP – 2MSP; organisation of work",
        "Ambassador Yong confirmed the list of Friends who agrees to continue in their roles of "
        "coordinating the thematic work as follows:\n"
        "\n"
        "- Norway (general status and operation)\n"
        "- Germany (stockpile destruction)\n"
        "- Australia (clearance)\n"
        "- Austria (victim assistance)\n"
        "- South Africa (cooperation and assistance)\n"
        "- Japan (universalisation)\n"
        "- Belgium (transparency and reporting)\n"
        "- New Zealand (national implementation measures)\n"
        "\n"
        "The Presidency agreed to reconfirm with Austria, Japan and Mexico given that they were not "
        "present and conduct consultations with other states that have expressed interest in "
        "contributing to the work of the group of Friends under the Lao presidency. In addition, "
        "Ireland remains engaged in the work and Canada will confirm its ability to continue its work "
        "with regard to the implementation architecture prior to the next meeting. As the number of "
        "areas of work indicated in the decisions of the 1st Meeting of States Parties is 8, additional "
        "Friends were requested to support the work of the Friends with specified area of work and "
        "actively engage in the discussions to help formulate consensus in preferred way forward. "
        "Additional discussion needed on the expectations of Friends, i.e. how further work will be "
        "conducted will be subject for the next meeting of Friends.",
    ),
    (
        "Outcomes of 2MSP",
        "To help guide the priorities and work forward in advance of the intersessional work programme "
        "outlined for June 2011 in preparation for the 2nd Meeting of States Parties Friends discussed "
        "anticipated outcomes areas of the 2MSP including:\n"
        "\n"
        "- a report on progress and challenges in fulfilling the Vientiane Action Plan;\n"
        "- decisions on the future architecture of the CCM;\n"
        "- location and presidency of 3MSP and,\n"
        "- a possible political declaration deferred to the host country to decide.",
    ),
    (
        "Plans for 2MSP",
        "Lebanon thanked the Friends, the Lao Presidency, CMC, UNDP, ICRC for the support and goodwill "
        "they have shown towards Lebanon and its offer to host and preside over the 2MSP. Lebanon noted "
        "it will work closely with the Lao Presidency and wishes to continue the good atmosphere and "
        "teamwork that led to a successful 1MSP. A first planning mission to Lebanon is set for the "
        "week of 13 December at which partners will start looking at the cooperation for and "
        "organisation of the 2MSP.",
    ),
]

# (text, owner, due note); the seed names no owner for the first one.
ACTION_POINTS = [
    (
        "Revision of the food-for-thought paper on the future implementation architecture and an "
        "intersessional work programme based on feedback received and in time for the next Friends "
        "meeting tentatively set for end of Jan/beginning of Feb 2011.",
        "",
        "in time for the next Friends meeting (end of Jan/beginning of Feb 2011)",
    ),
    (
        "Presidency to hold an informal open-ended consultation in Geneva following the next Friends "
        "meeting in order to 1) introduce and inform of the new list of Friends, 2) outline the process "
        "of work towards the 2MSP, 3) circulate a revised draft paper on architecture and 4) inform on "
        "the future information platform for accessing information with regards to the work on the "
        "Convention. The Presidency also noted that it is working on a draft agenda for the "
        "intersessional meetings in June and would welcome input from Friends. Also that the Presidency "
        "would (re)confirm additional Friends.",
        "Presidency",
        "following the next Friends meeting",
    ),
    (
        "Executive Coordinator to circulate minutes to Friends for comments before uploading to the "
        "public domain at www.clusterconvention.org as an intermediate means of ensuring transparency "
        "and accessibility with regards to information and process; and to draw up a calendar for 2011 "
        "with a list of tentative dates for Friends meetings, informal briefings and other key events.",
        "Executive Coordinator",
        "",
    ),
    (
        "All Friends, please review the contact list of Friends for any additions, corrections and amendments.",
        "All Friends",
        "",
    ),
]
