"""A real date from the words an action point's due date was agreed in, where the words allow.

Minutes say "by 15 March 2011", "avant le 15 mars 2011", "end of June 2011" as often as "before the
next Friends meeting (end of Jan/beginning of Feb 2011)". The first kind names one day (the end of a
month is its last day) and becomes the action point's due date, so reminders and the tracker can
compare it with today; the second names none and stays words only. A text that names two different
days is left as words too: choosing one would be a guess.
"""

import calendar
import datetime
import re

MONTHS = {
    # English, with the abbreviations minutes use
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip

_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+|del\s+)?{_YEAR}\b", re.IGNORECASE)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
# "end of June 2011", "fin juin 2011", "fin de juin 2011", "finales de junio de 2011": the month's last day.
_END_OF_MONTH = re.compile(
    rf"\b(?:end\s+of|fin\s+(?:de\s+|d')?|finales\s+de|fines\s+de)\s*{_MONTH}\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE
)


def _month_number(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower()]


def due_date_from_text(text: str) -> datetime.date | None:
    """The one day `text` names, or None when it names none, several, or one that does not exist."""
    found = set()
    spans = []
    for pattern in (_END_OF_MONTH, _ISO, _DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(text or ""):
            if any(start <= match.start() < end for start, end in spans):
                continue  # "end of June 2011" is not also read as a day
            spans.append(match.span())
            year, month = int(match["year"]), _month_number(match["month"])
            day = calendar.monthrange(year, month)[1] if pattern is _END_OF_MONTH else int(match["day"])
            try:
                found.add(datetime.date(year, month, day))
            except ValueError:
                return None  # "31 June 2011": a slip, not a day to remind anyone on
    return found.pop() if len(found) == 1 else None
