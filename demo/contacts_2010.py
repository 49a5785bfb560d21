"""The Friends of the Chair contact list, update as of 12 November 2010 (seed document)."""

import datetime

AS_OF = datetime.date(2010, 11, 12)
TITLE = "Friends of the Chair Contact List"

# Every country the seed documents name; all of them are States Parties today.
COUNTRIES = [
    "Lao PDR", "Norway", "Canada", "Belgium", "Ireland", "Japan", "Austria", "Germany",
    "Australia", "South Africa", "New Zealand", "Lebanon", "Chile", "Croatia", "Slovenia",
    "Mexico", "Switzerland",
]  # fmt: skip

# name, kind, full name, location (the list's "Country" column for the organisation)
ORGANISATIONS = [
    ("CMC/ICBL", "civil_society",
     "Cluster Munition Coalition / International Campaign to Ban Landmines", "UK Geneva"),
    ("ICRC", "international", "International Committee of the Red Cross", "Geneva"),
    ("UN ODA", "united_nations", "United Nations Office for Disarmament Affairs", "Geneva"),
    ("UNDP/BCPR", "united_nations",
     "United Nations Development Programme, Bureau for Crisis Prevention and Recovery", ""),
]  # fmt: skip

# Rows of the list in order: role, country or organisation, [(given name, family name, e-mail)].
# The seed gives several names and addresses per cell; they pair up in order. It writes
# each name as the given name, then the family name (see `listed_name`).
ENTRIES = [
    ("President 1MSP", "Lao PDR", [("Khonepheng", "Thammavong", "khone.tham@gmail.com")]),
    ("General Status and Operation of the Convention", "Norway", [
        ("Ingunn", "Vatne", "ingunn.vatne@mfa.no"),
        ("Jon-Erik", "Strømø", "jon.erik.stromo@mfa.no"),
        ("Annette", "Abelsen", "annette.abelsen@mfa.no"),
        ("Kristin", "Obrestad", "kdo@mfa.no"),
    ]),
    ("Architecture 2011", "Canada", [("John", "Mac Bride", "JohnEric.Macbride@international.gc.ca")]),
    ("Reporting format/ transparency reporting", "Belgium", [
        ("Philippe", "Bronchain", "Philippe.Bronchain@diplobel.fed.be"),
    ]),
    ("", "Ireland", [("James", "O'Shea", "james.oshea@dfa.ie"), ("Brian", "McNally", "Brian.McNally@dfa.ie")]),
    ("Universalisation", "Japan", [
        ("Chisa", "Sato", "chisa.sato@mofa.go.jp"),
        ("Shinji", "Yamashita", "shinji.yamashita@mofa.go.jp"),
    ]),
    ("Victim Assistance", "Austria", [("Stephanie", "Karner", "Stephanie.KARNER@bmeia.gv.at")]),
    ("Stockpile Destruction", "Germany", [
        ("Jörg-Alexander", "Albrecht", "241-1@diplo.de"),
        ("Petra", "Drexler", "pol-1-cd@genf.diplo.de"),
        ("Matthias", "Mielimonka", "MatthiasMielimonka@BMVg.BUND.DE"),
    ]),
    ("Clearance", "Australia", [("Philip", "Kimpton", "Philip.Kimpton@dfat.gov.au")]),
    ("International Cooperation and Assistance", "South Africa", [
        ("Siyothula", "Phakamisa", "SiyothulaP@dirco.gov.za"),
        ("Rob", "Wensley", "WensleyD@foreign.gov.za"),
    ]),
    ("National Implementation Measures", "New Zealand", [("Lucy", "Richardson", "Lucy.Richardson@mfat.govt.nz")]),
    ("President-designate, 2MSP", "Lebanon", [
        ("Najla", "Assaker", "najla.assaker@yahoo.com"),
        ("Ahmad", "Arafa", "ahmadarafa@yahoo.com"),
    ]),
    ("Chile meeting", "Chile", [("Luciano", "Parodi", "lparodi@minrel.gov.cl")]),
    ("CMC/ICBL", "CMC/ICBL", [("Thomas", "Nash", "thomas@stopclustermunitions.org"), ("Tamar", "Gabelnik", "tamar@icbl.org")]),
    ("ICRC", "ICRC", [("Lou", "Maresca", "lmaresca@icrc.org")]),
    ("UN ODA", "UN ODA", [("Jarmo", "Sareva", "jsareva@unog.ch"), ("Peter", "Kolarov", "pkolarov@unog.ch")]),
    ("President's Executive Coordinator", "UNDP/BCPR", [
        ("Sara", "Sekkenes", "sara.sekkenes@undp.org"),
        ("Esteban", "Olhagaray", "esteban.olhagaray@undp.org"),
    ]),
]  # fmt: skip


def listed_name(given: str, family: str) -> str:
    """The name as the seed prints it: "John Mac Bride"."""
    return f"{given} {family}"
