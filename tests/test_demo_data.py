"""The demo data reproduces the seed documents in ../shared/seeds/ faithfully."""

import datetime
import re

import pytest
from django.apps import apps

from contacts.models import ContactListEdition
from decisions.models import Decision
from decisions.selectors import paragraph_tree
from demo.services import demo_data_load
from meetings.models import Meeting, Minutes
from meetings.selectors import agenda_tree
from workgroups.models import Appointment, WorkingGroup
from workgroups.selectors import committee_members, current_coordinations

pytestmark = pytest.mark.django_db


def collapse(text: str) -> str:
    """One line, single spaces: the seeds wrap lines and break pages anywhere."""
    return re.sub(r"\s+", " ", text).strip()


def seed_text(seeds_dir, name) -> str:
    return (seeds_dir / name).read_text(encoding="utf-8")


def assert_in_order(needles: list[str], haystack: str) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"not found (in order) in the seed: {needle!r}"
        position = found + len(needle)


@pytest.fixture
def minutes_seed(seeds_dir):
    return seed_text(seeds_dir, "friends-meeting-2010-11-30-minutes.txt")


@pytest.fixture
def decision_seed(seeds_dir):
    return seed_text(seeds_dir, "draft-decision-work-programme-2012.txt")


def test_contact_list_reproduces_every_row_and_person(demo_data, minutes_seed):
    table = minutes_seed[minutes_seed.index("Thematic Area/role\tCountry") :].splitlines()[1:]
    seed_rows = [line.split("\t") for line in table if "\t" in line]
    edition = ContactListEdition.objects.get()
    entries = list(edition.entries.select_related("country", "organisation").prefetch_related("members__person"))

    assert "update as of 12 November 2010" in str(edition)
    assert len(entries) == len(seed_rows) == 17
    for entry, (role, country, names, emails) in zip(entries, seed_rows, strict=True):
        people = [member.person for member in entry.members.all()]
        assert entry.role == role
        assert entry.affiliation_label == country
        # The seed runs several names together, with or without commas.
        assert " ".join(person.name for person in people) == collapse(names.replace(",", " "))
        assert [
            address for person in people for address in person.email_addresses.values_list("address", flat=True)
        ] == emails.split()


def test_unicode_names_survive(demo_data):
    from contacts.models import Person

    assert Person.objects.filter(name="Jon-Erik Strømø").exists()
    assert Person.objects.filter(name="Jörg-Alexander Albrecht").exists()


def test_friends_meeting_facts_match_the_agenda_header(demo_data, minutes_seed):
    meeting = Meeting.objects.select_related("chair", "chair__country").get(slug="friends-meeting-2010-11-30")
    header = f"Friends meeting, {meeting.dates_label}, {meeting.start_time:%H:%M} – {meeting.end_time:%H:%M}"
    assert header == "Friends meeting, 30 November 2010, 13:00 – 15:00"
    assert header in minutes_seed
    assert f"{meeting.venue}, room {meeting.room}. {meeting.notes[:-1]}" in minutes_seed
    assert str(meeting.chair) == "Ambassador Yong"
    assert f"chaired by {meeting.chair} from the {meeting.chair.country.name[:3]} Presidency" in minutes_seed


def test_agenda_has_six_numbered_items_with_leads_and_sub_items_in_order(demo_data, minutes_seed):
    agenda_seed = minutes_seed[minutes_seed.index("Draft agenda") : minutes_seed.index("Friends of the Chair Contact")]
    top_level = agenda_tree(Meeting.objects.get(slug="friends-meeting-2010-11-30"))
    agenda = []  # (item, depth) in reading order

    def read(items, depth):
        for item in items:
            agenda.append((item, depth))
            read(item.subitems, depth + 1)

    read(top_level, 0)

    assert [item.number for item in top_level] == [1, 2, 3, 4, 5, 6]
    assert [item.lead for item in top_level] == ["Lao PDR", "Canada", "Exec. Coord.", "Exec Coord.", "Lebanon", ""]
    for item in top_level:
        line = next(line for line in agenda_seed.splitlines() if line.startswith(f"{item.number}. **"))
        assert f"**{item.title}" in line
        assert item.lead in line
    assert_in_order([item.title for item, _depth in agenda], collapse(agenda_seed))
    assert [depth for _item, depth in agenda].count(2) == 8  # the eight areas of work under item 3


def test_minutes_summary_sections_and_action_points_in_order(demo_data, minutes_seed):
    meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    minutes = meeting.minutes
    sections = list(minutes.sections.all())
    action_points = list(meeting.action_points.all())
    record = collapse(minutes_seed[: minutes_seed.index("Friends meeting, 30 November 2010")])

    assert [section.heading for section in sections] == [
        "Debrief on 1MSP",
        "Draft architecture",
        "Thematic roles and leads of Friends, interim period 1MSP – 2MSP; organisation of work",
        "Outcomes of 2MSP",
        "Plans for 2MSP",
    ]
    assert len(action_points) == 4
    assert_in_order(
        [collapse(minutes.summary)]
        + [collapse(f"{section.heading} {section.body}") for section in sections]
        + ["Action Points"]
        + [f"- {collapse(point.text)}" for point in action_points],
        record,
    )
    assert [point.owner for point in action_points] == ["", "Presidency", "Executive Coordinator", "All Friends"]


def test_decision_paragraph_tree_text_and_numbering_match_the_seed(demo_data, decision_seed):
    decision = Decision.objects.get(slug="work-programme-2012")
    # Undo the table flattening: drop cell borders and list dashes, repair the split "Ba | on".
    lines = [line.replace("|", " ").strip().removeprefix("- ").removeprefix("-") for line in decision_seed.splitlines()]
    seed = collapse(" ".join(lines)).replace("Ba on the proposals", "Based on the proposals")
    reading_order = []  # (paragraph, depth) as a reader meets them; closing texts after sub-paragraphs
    texts = []

    def read(paragraphs, depth):
        for paragraph in paragraphs:
            reading_order.append((paragraph, depth))
            texts.append(paragraph.text)
            read(paragraph.subparagraphs, depth + 1)
            if paragraph.closing_text:
                texts.append(paragraph.closing_text)

    read(paragraph_tree(decision), 0)

    assert decision.title in seed
    assert decision.heading in seed
    assert [paragraph.number for paragraph, _depth in reading_order] == (
        ["1.", "2.", "a)", "b)", "c)", "i)", "ii)", "iii)", "iv)", "v)", "vi)", "d)", "vii)", "viii)", "e)", "3."]
        + ["•"] * 8
        + ["4.", "5."]
    )
    assert_in_order(texts, seed)
    # Numbering continues across the sub-lists of c) and d), exactly as printed.
    for paragraph, depth in reading_order:
        if depth == 2:
            assert f"{paragraph.number} {paragraph.text}" in seed


def test_decision_placeholders_are_kept(demo_data):
    text = " ".join(Decision.objects.get(slug="work-programme-2012").paragraphs.values_list("text", flat=True))
    for placeholder in ["[venue and location]", "[name, title and State Party]", "[city, country]", "______"]:
        assert placeholder in text
    assert text.count("*State Party*") == 13


def test_groups_and_friends_thematic_leads(demo_data, minutes_seed):
    groups = list(WorkingGroup.objects.all())
    assert [group.kind for group in groups].count("working_group") == 6
    assert [group.name for group in groups if group.kind == "thematic_area"] == [
        "Reporting",
        "National Implementation Measures",
    ]
    leads = Appointment.objects.filter(role=Appointment.Role.FRIEND).select_related("country")
    lead_countries = {appointment.country.name for appointment in leads}
    confirmed = re.findall(r"^- (.+?) \(", minutes_seed[minutes_seed.index("coordinating the thematic work") :], re.M)[
        :8
    ]
    assert lead_countries == set(confirmed)
    norway = leads.get(country__name="Norway")
    assert norway.term_label == "30 November 2010 – 16 September 2011"
    assert sorted(norway.people.values_list("name", flat=True)) == [
        "Annette Abelsen",
        "Ingunn Vatne",
        "Jon-Erik Strømø",
        "Kristin Obrestad",
    ]


def test_loading_twice_changes_nothing(demo_data):
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"contacts", "workgroups", "meetings", "decisions"}
    ]
    before = {model._meta.label: model.objects.count() for model in models}
    keys_before = set(Decision.objects.get().paragraphs.values_list("key", flat=True))

    created, updated = demo_data_load()

    assert (created, updated) == ({}, {})
    assert {model._meta.label: model.objects.count() for model in models} == before
    assert set(Decision.objects.get().paragraphs.values_list("key", flat=True)) == keys_before
    assert any(label.endswith("HistoricalMeeting") for label in before)  # history rows are counted too


def test_load_demo_data_command_reports(db, capsys):
    from django.core.management import call_command

    call_command("load_demo_data")
    assert "Created:" in capsys.readouterr().out
    call_command("load_demo_data")
    assert "nothing changed" in capsys.readouterr().out


def test_demo_minutes_keep_their_sections_for_comparisons(demo_data):
    """Published through the minutes' own service, so a corrected version can be compared with it."""
    minutes = Minutes.objects.get()
    revision = minutes.revisions.get()
    assert revision.version == minutes.versions.get()
    assert [section["heading"] for section in revision.sections] == list(
        minutes.sections.values_list("heading", flat=True)
    )


def test_seed_meetings_are_linked_to_the_groups_the_seeds_name(demo_data, minutes_seed, decision_seed):
    friends_meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    areas_of_work = minutes_seed[minutes_seed.index("Areas of work suggested include:") :]
    areas_of_work = areas_of_work[: areas_of_work.index("- Discussion")]
    # Agenda item 3 takes up the eight areas of work whose Friends' leads the minutes confirm.
    led = WorkingGroup.objects.filter(appointments__role=Appointment.Role.FRIEND)
    assert set(friends_meeting.groups.all()) == set(led)
    assert friends_meeting.groups.count() == areas_of_work.count("- **") == 8

    # The draft decision for the 2MSP establishes every group, the Coordination Committee included.
    second_msp = Meeting.objects.get(slug="2msp")
    assert set(second_msp.groups.all()) == set(WorkingGroup.objects.all())
    for group in second_msp.groups.all():
        assert group.name in collapse(decision_seed)
    # The seeds tie no group to the other meetings.
    assert not Meeting.objects.exclude(slug__in=["friends-meeting-2010-11-30", "2msp"]).filter(groups__isnull=False)


def test_the_coordination_committee_is_chaired_by_the_president_and_its_members_are_derived(
    demo_data, minutes_seed, decision_seed
):
    committee = WorkingGroup.objects.get(slug="coordination-committee")
    presidency = Appointment.objects.presidency().select_related("country").get()
    assert presidency.group == committee
    # The decision: chaired by the President of the MSP; the minutes: Lebanon presides over the 2MSP.
    assert "under the Chairmanship of the President of the Meeting of States Parties" in collapse(decision_seed)
    assert f"{presidency.country.name} thanked the Friends" in minutes_seed
    assert "President-designate, 2MSP\tLebanon" in minutes_seed
    assert (presidency.start_date, presidency.end_date) == (datetime.date(2011, 9, 12), datetime.date(2012, 12, 31))
    assert sorted(presidency.people.values_list("name", flat=True)) == ["Ahmad Arafa", "Najla Assaker"]
    # Nothing else is typed on the committee: the seeds leave its coordinators as *State Party*.
    assert list(committee.appointments.all()) == [presidency]

    day = datetime.date(2012, 3, 1)
    members = committee_members(
        committee, own=committee.appointments.current(day), coordinations=current_coordinations(day)
    )
    assert [(member.holder_label, member.post) for member in members] == [
        ("Lebanon", "President of the Meeting of States Parties (Chair)")
    ]
