"""Fifteen years of work: ~300 meetings, 5,000 agenda items, 2,000 published versions,
100 decisions with 5,000 paragraphs, 1,000 people, on top of the seed demo data.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.generate
"""

import datetime
import random
import time
from urllib.parse import urlencode

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402

from contacts.models import Country, EmailAddress, Person  # noqa: E402
from decisions.models import Decision, Paragraph  # noqa: E402
from demo.services import demo_data_load  # noqa: E402
from meetings.models import ActionPoint, AgendaItem, Meeting, Minutes, MinutesSection  # noqa: E402
from publishing.models import PublishedVersion  # noqa: E402
from publishing.services import document_publish  # noqa: E402
from workgroups.models import WorkingGroup  # noqa: E402

WORDS = [
    "implementation",
    "architecture",
    "intersessional",
    "programme",
    "coordinator",
    "universalization",
    "victim",
    "assistance",
    "clearance",
    "risk",
    "reduction",
    "stockpile",
    "destruction",
    "retention",
    "cooperation",
    "reporting",
    "national",
    "measures",
    "consultations",
    "friends",
    "president",
    "presidency",
    "states",
    "parties",
    "meeting",
    "decision",
    "paragraph",
    "convention",
    "geneva",
    "committee",
    "support",
    "office",
    "working",
    "group",
    "agenda",
    "minutes",
    "action",
    "points",
    "review",
    "progress",
]
KINDS = ["msp", "intersessional", "friends", "consultation", "planning_mission"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph_text(rng, sentences=4):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def generate(seed: int = 2011) -> dict[str, int]:
    rng = random.Random(seed)
    demo_data_load()
    countries = Country.objects.bulk_create(
        [Country(name=f"State {n}", is_state_party=True) for n in range(170)], ignore_conflicts=True
    )
    countries = list(Country.objects.all())
    people = Person.objects.bulk_create([Person(name=f"Person {n}", country=rng.choice(countries)) for n in range(970)])
    EmailAddress.objects.bulk_create(
        [EmailAddress(person=person, address=f"person{person.pk}@example.org") for person in people]
    )
    groups = list(WorkingGroup.objects.all())

    start = datetime.date(2011, 1, 10)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                kind=(kind := KINDS[n % len(KINDS)]),
                number=3 + n // len(KINDS) if kind == "msp" else None,
                title=f"{kind.replace('_', ' ').title()} {n}",
                slug=f"bench-meeting-{n}",
                start_date=start + datetime.timedelta(days=18 * n),
                city="Geneva",
                country=rng.choice(countries),
                languages=["en", "fr", "es"],
            )
            for n in range(295)
        ]
    )
    for meeting in meetings:
        meeting.groups.set(rng.sample(groups, 2))
    top_items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=p, title=sentence(rng, 6), lead=rng.choice(countries).name)
            for meeting in meetings
            for p in range(1, 7)
        ]
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=item.meeting, parent=item, position=p, title=sentence(rng, 5))
            for item in top_items
            for p in range(1, 3)
        ]
    )
    ActionPoint.objects.bulk_create(
        [
            ActionPoint(meeting=meeting, position=p, text=paragraph_text(rng, 2), owner="Presidency")
            for meeting in meetings
            for p in range(1, 5)
        ]
    )
    minutes = Minutes.objects.bulk_create(
        [Minutes(meeting=meeting, summary=paragraph_text(rng, 5)) for meeting in meetings[:250]]
    )
    MinutesSection.objects.bulk_create(
        [
            MinutesSection(minutes=item, position=p, heading=sentence(rng, 4), body=paragraph_text(rng, 6))
            for item in minutes
            for p in range(1, 6)
        ]
    )
    adopted_at = [rng.choice(meetings[::5]) for _ in range(99)]
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                title=f"Decision on {sentence(rng, 5)[:-1].lower()}",
                slug=f"bench-decision-{n}",
                symbol=f"CCM/MSP/{2011 + n % 15}/WP.{n}",
                meeting=meeting,
                status="adopted",
                adopted_at_meeting=meeting,
                adopted_on=meeting.start_date,
            )
            for n, meeting in enumerate(adopted_at)
        ]
    )
    for decision in decisions:
        tops = Paragraph.objects.bulk_create(
            [Paragraph(decision=decision, position=p, text=paragraph_text(rng, 3)) for p in range(1, 11)]
        )
        Paragraph.objects.bulk_create(
            [
                Paragraph(decision=decision, parent=top, position=p, text=paragraph_text(rng, 2))
                for top in tops
                for p in range(1, 5)
            ]
        )
    for item in Minutes.objects.filter(meeting__slug__startswith="bench-").select_related("meeting"):
        for _ in range(6):
            with transaction.atomic():
                document_publish(document=item, by=None)
    for decision in Decision.objects.filter(slug__startswith="bench-"):
        for _ in range(5):
            with transaction.atomic():
                document_publish(document=decision, by=None)
    return {
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "people": Person.objects.count(),
        "decisions": Decision.objects.count(),
        "paragraphs": Paragraph.objects.count(),
        "published versions": PublishedVersion.objects.filter(kind=PublishedVersion.Kind.PUBLISHED).count(),
    }


def worst_case_search_query() -> str:
    """The query string of the costliest search the data set offers, for `/search/?<it>`: words that
    every generated minutes and decision uses (their sentences are drawn from WORDS, so each text holds
    nearly all of them), one of them in every decision's title, several of them so that each must be
    matched, ranked and highlighted, and the second page of results, so that twenty hits are ranked
    past."""
    return urlencode({"q": "decision implementation architecture meeting convention", "page": 2})


if __name__ == "__main__":
    began = time.monotonic()
    counts = generate()
    print(", ".join(f"{count} {name}" for name, count in counts.items()), f"in {time.monotonic() - began:.0f} s")
