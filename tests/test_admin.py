"""Every admin page opens for the demo data, with a pinned query count that
stays the same when the data (and the object's own inline rows) grow tenfold."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import ContactListCorrection, ContactListEdition, ContactListEntry, Country, Organisation, Person
from contacts.services import contact_list_correction_propose
from decisions.models import Decision, Paragraph
from meetings.models import ActionPoint, Agenda, Meeting, Minutes
from publishing.models import Comment
from publishing.services import comment_add, document_publish
from tests import demo_snapshot as demo_snapshot_module
from tests import factories
from tests.conftest import IN_PROCESS_CACHE, meeting_change_form
from workgroups.models import Appointment, WorkingGroup

pytestmark = pytest.mark.django_db

# The object whose change form is opened, per model: one with inline rows.
SAMPLE = {
    Country: lambda: Country.objects.get(name="Norway"),
    Organisation: lambda: Organisation.objects.get(name="CMC/ICBL"),
    Person: lambda: Person.objects.get(name="Jon-Erik Strømø"),
    ContactListEdition: lambda: ContactListEdition.objects.get(),
    ContactListEntry: lambda: ContactListEntry.objects.get(position=2),
    WorkingGroup: lambda: WorkingGroup.objects.get(slug="general-status-and-operation"),
    Appointment: lambda: Appointment.objects.get(country__name="Norway"),
    Meeting: lambda: Meeting.objects.get(slug="friends-meeting-2010-11-30"),
    Minutes: lambda: Minutes.objects.get(),
    Agenda: lambda: Agenda.objects.get(),
    ActionPoint: lambda: ActionPoint.objects.order_by("position").first(),
    Decision: lambda: Decision.objects.get(slug="work-programme-2012"),
    Comment: lambda: Comment.objects.first() or sample_comment(),
    ContactListCorrection: lambda: ContactListCorrection.objects.first() or sample_correction(),
}
# Comments come from the Friends' comments page: the admin has no add page for them.
NO_ADD_PAGE = {Comment}
# Corrections come from the directory's "Propose a correction": no add page either.
NO_ADD_PAGE.add(ContactListCorrection)


def sample_comment() -> Comment:
    decision = SAMPLE[Decision]()
    friend = get_user_model().objects.create_user("commenting-friend", password="not-used")
    key = decision.revisions.get().paragraphs[0]["key"]
    return comment_add(document=decision, target_key=key, text="Add the dates.", by=friend)


def sample_correction() -> ContactListCorrection:
    entry = SAMPLE[ContactListEntry]()  # the row grow_tenfold adds people to
    friend = get_user_model().objects.create_user("proposing-friend", password="not-used")
    correction = ContactListCorrection(entry=entry, person=entry.members.first().person, addresses=["new@example.org"])
    return contact_list_correction_propose(correction=correction, by=friend)


# Queries per page for a signed-in superuser. Every page: the session with its user (1: workgroups.sessions).
# Changelists: count, filtered count, rows with their related rows, one per
# filter menu on a relation. Change forms: the object, its many-to-many values,
# one per select menu (shared by all inline rows), one per inline for its rows.
PINNED_QUERIES = {
    # model: (changelist, add, change)
    "contacts.country": (4, 1, 2),  # change: + object
    "contacts.organisation": (4, 1, 2),
    "contacts.person": (5, 3, 5),  # menus: country, organisation; inline: e-mail addresses
    "contacts.contactlistedition": (6, 3, 5),  # inline entries: rows, country and organisation menus
    "contacts.contactlistentry": (5, 5, 7),  # menus: edition, country, organisation; inline members: rows, people
    # change: + object with its row, proposer and person; the row's members, the person's addresses,
    # country and organisation menus
    "contacts.contactlistcorrection": (4, None, 6),
    "workgroups.workinggroup": (4, 4, 7),  # inline appointments: rows, their people, menus country/organisation/people
    "workgroups.appointment": (7, 5, 7),  # changelist: + group and role filters, date hierarchy
    # menus: groups, country, chair; inlines: agenda (+ their documents and the documents menu),
    # action points (+ group, meeting menus), documents
    "meetings.meeting": (7, 7, 13),
    "meetings.minutes": (4, 2, 7),  # change: + versions with their language versions, workflow steps
    "meetings.agenda": (4, 2, 6),  # change: + meeting menu, versions with their language versions, workflow steps
    "meetings.actionpoint": (5, 5, 7),  # menus: meeting, group, closed at, reviewed at; change: + object, its reviews
    # change: + meeting menu, paragraphs (parent menu reuses them), revisions, versions with their
    # language versions, steps, open points
    "decisions.decision": (5, 2, 9),
    "publishing.comment": (5, None, 4),  # changelist: + document type filter; change: + object with its versions
}


def admin_urls(model, obj):
    info = (model._meta.app_label, model._meta.model_name)
    urls = {
        "changelist": reverse("admin:{}_{}_changelist".format(*info)),
        "add": reverse("admin:{}_{}_add".format(*info)),
        "change": reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
    }
    if model in NO_ADD_PAGE:
        del urls["add"]
    return urls


def count_queries(client, url) -> tuple[int, list[str]]:
    """The queries of one GET as `client`, through the client's own handler (all the middleware).

    Not client.get(): the test client also copies the context of every template it
    renders, which made the grown change pages (thousands of rendered menu options)
    take twice as long; this test reads only the queries.
    """
    cookies = "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values())
    environ = RequestFactory().get(url, HTTP_COOKIE=cookies).environ
    with CaptureQueriesContext(connection) as queries:
        response = client.handler(environ)
    assert response.status_code == 200, url
    return len(queries), [query["sql"] for query in queries.captured_queries]


def grow_tenfold():
    """About ten times the demo data, much of it in the sample objects' own inlines."""
    meeting = SAMPLE[Meeting]()
    decision = SAMPLE[Decision]()
    group = SAMPLE[WorkingGroup]()
    person = SAMPLE[Person]()
    entry = SAMPLE[ContactListEntry]()
    countries = factories.CountryFactory.create_batch(170)
    organisations = factories.OrganisationFactory.create_batch(40)
    people = [factories.PersonFactory(country=countries[n % 170]) for n in range(300)]
    for n in range(10):
        factories.EmailAddressFactory(person=person)
        factories.ContactListMemberFactory(entry=entry, person=people[n])
    edition = SAMPLE[ContactListEdition]()
    for n in range(150):
        factories.ContactListEntryFactory(edition=edition, country=countries[n])
    for n in range(10):
        factories.ContactListEntryFactory(edition=edition, country=None, organisation=organisations[n])
    for n in range(80):
        appointment = factories.AppointmentFactory(group=group, country=countries[n])
        appointment.people.set(people[n : n + 2])
    factories.WorkingGroupFactory.create_batch(80)
    parents = factories.AgendaItemFactory.create_batch(60, meeting=meeting)
    for n in range(140):
        factories.AgendaItemFactory(meeting=meeting, parent=parents[n % 60])
    factories.ActionPointFactory.create_batch(40, meeting=meeting, group=group)
    factories.MinutesSectionFactory.create_batch(45, minutes=meeting.minutes)
    for meeting_number in range(45):
        other = factories.MeetingFactory(start_date=datetime.date(2012, 1, 1) + datetime.timedelta(days=meeting_number))
        minutes = factories.MinutesFactory(meeting=other)  # internal drafts, and every third one published
        if meeting_number % 3 == 0:
            document_publish(document=minutes, by=None)
    top = factories.ParagraphFactory.create_batch(60, decision=decision)
    for n in range(200):
        factories.ParagraphFactory(decision=decision, parent=top[n % 60], continues_numbering=n % 2 == 0)
    for _ in range(10):
        factories.ParagraphFactory(decision=factories.DecisionFactory())
    assert Paragraph.objects.filter(decision=decision).count() > 10 * 26
    for _ in range(5):
        document_publish(document=decision, by=None)
        document_publish(document=meeting.minutes, by=None)


ADMIN_APPS = {"contacts", "workgroups", "meetings", "decisions"}
ADMIN_MODELS_ELSEWHERE = {"publishing.comment"}  # every document type's comments
ADMIN_MODELS = {model._meta.label_lower: model for model in SAMPLE}


def test_every_admin_model_has_a_sample_object_and_pinned_counts():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in ADMIN_APPS or model._meta.label_lower in ADMIN_MODELS_ELSEWHERE
    }
    assert registered == set(ADMIN_MODELS), "add a sample object to SAMPLE and counts to PINNED_QUERIES"
    assert registered == set(PINNED_QUERIES)


def _written_rows(cursor, before: dict[str, int]) -> demo_snapshot_module.Snapshot:
    """Every row of the tables whose row count differs from `before`, which must have been empty then."""
    snapshot = demo_snapshot_module.Snapshot()
    for table in connection.introspection.table_names(cursor):
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
        rows = cursor.fetchall()
        if len(rows) == before.get(table, 0):
            continue
        assert not before.get(table), f"{table} held rows before the demo data was restored"
        snapshot.rows[table] = ([column.name for column in cursor.description], rows)
    return snapshot


@pytest.fixture(scope="module")
def admin_data(demo_snapshot, django_db_blocker, tmp_path_factory):
    """The demo data with every sample object, and the same grown tenfold: built once, restored per test.

    Growing takes seconds; each test puts the rows back with one INSERT per table
    instead, as tests/demo_snapshot.py does for the demo data.
    """
    settings = {"CACHES": IN_PROCESS_CACHE, "MEDIA_ROOT": tmp_path_factory.mktemp("admin-media")}
    settings["TASKS"] = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        with connection.cursor() as cursor:
            empty = {table: len(rows) for table, (_columns, rows) in _written_rows(cursor, {}).rows.items()}
            demo_snapshot_module.restore(demo_snapshot, media_root=settings["MEDIA_ROOT"])
            for sample in SAMPLE.values():
                sample()
            demo = _written_rows(cursor, empty)
            grow_tenfold()
            grown = _written_rows(cursor, empty)
        connection.run_on_commit = []
        transaction.set_rollback(True)
    return demo, grown


def replace_rows(old: demo_snapshot_module.Snapshot, new: demo_snapshot_module.Snapshot, media_root) -> None:
    """Delete the rows `old` put in (by primary key: the test's own rows stay), then put in `new`."""
    with connection.cursor() as cursor:
        for table, (columns, rows) in old.rows.items():
            key = connection.introspection.get_primary_key_column(cursor, table)
            index = columns.index(key)
            cursor.execute(f'DELETE FROM "{table}" WHERE "{key}" = ANY(%s)', [[row[index] for row in rows]])  # noqa: S608
    demo_snapshot_module.restore(new, media_root=media_root)


@pytest.mark.parametrize("label", list(PINNED_QUERIES))
def test_admin_pages_have_a_pinned_query_count_that_does_not_grow(db, admin_data, media_root, staff_client, label):
    demo, grown = admin_data
    demo_snapshot_module.restore(demo, media_root=media_root)
    model = ADMIN_MODELS[label]
    pages = admin_urls(model, SAMPLE[model]())
    for url in pages.values():  # warm the per-process caches (content types)
        count_queries(staff_client, url)
    before = {view: count_queries(staff_client, url) for view, url in pages.items()}
    replace_rows(demo, grown, media_root)
    assert Paragraph.objects.filter(decision=SAMPLE[Decision]()).count() > 10 * 26  # grown indeed
    after = {view: count_queries(staff_client, url) for view, url in pages.items()}

    measured = {view: count for view, (count, _sql) in before.items()}
    pinned = {view: count for view, count in zip(("changelist", "add", "change"), PINNED_QUERIES[label], strict=True)}
    assert measured == {view: count for view, count in pinned.items() if count is not None}
    for view, (count, sql) in after.items():
        assert count == measured[view], (view, "\n".join(sql))


def test_admin_refuses_a_term_that_ends_before_it_starts(staff_client, demo_data):
    count = Appointment.objects.count()
    response = staff_client.post(
        reverse("admin:workgroups_appointment_add"),
        {
            "group": WorkingGroup.objects.get(slug="reporting").pk,
            "role": "coordinator",
            "country": Country.objects.get(name="Belgium").pk,
            "start_date": "2013-01-01",
            "end_date": "2012-12-31",
        },
    )
    assert response.status_code == 200
    assert "The term cannot end before it starts." in response.text
    assert Appointment.objects.count() == count


def test_admin_refuses_an_appointment_to_a_group_that_does_not_exist(staff_client, demo_data):
    count = Appointment.objects.count()
    response = staff_client.post(
        reverse("admin:workgroups_appointment_add"),
        {
            "group": 999_999,
            "role": "coordinator",
            "country": Country.objects.get(name="Belgium").pk,
            "start_date": "2012-01-01",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. That choice is not one of the available choices." in response.text
    assert Appointment.objects.count() == count


def test_admin_refuses_a_duplicate_symbol(staff_client, demo_data):
    factories.DecisionFactory(symbol="CCM/MSP/2011/WP.3")
    response = staff_client.post(
        reverse("admin:decisions_decision_add"),
        {
            "symbol": "CCM/MSP/2011/WP.3",
            "title": "Another",
            "slug": "another",
            "status": "draft",
            "paragraphs-TOTAL_FORMS": 0,
            "paragraphs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "A decision with this symbol already exists." in response.text
    assert not Decision.objects.filter(slug="another").exists()


def test_admin_refuses_to_delete_a_country_that_records_point_to(staff_client, demo_data):
    norway = Country.objects.get(name="Norway")
    url = reverse("admin:contacts_country_delete", args=[norway.pk])
    page = staff_client.get(url)
    assert "would require deleting the following protected related objects" in page.text
    staff_client.post(url, {"post": "yes"})
    assert Country.objects.filter(pk=norway.pk).exists()


def test_admin_agenda_sub_item_cannot_hang_under_another_meetings_item(staff_client, demo_data):
    meeting = SAMPLE[Meeting]()
    other_item = factories.AgendaItemFactory()
    data = meeting_change_form(meeting, agenda_items=[{"position": 9, "title": "Stray", "parent": other_item.pk}])
    response = staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not meeting.agenda_items.filter(title="Stray").exists()

    # The same post with a parent of this meeting goes through: the parent was the only fault.
    data["agenda_items-0-parent"] = meeting.agenda_items.get(position=1, parent=None).pk
    assert staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data).status_code == 302
    assert meeting.agenda_items.get(title="Stray").parent.title == "Short debrief of 1MSP"


def test_admin_shows_computed_paragraph_numbers(staff_client, demo_data):
    decision = SAMPLE[Decision]()
    page = staff_client.get(reverse("admin:decisions_decision_change", args=[decision.pk])).text
    assert (
        page.index("\u2003\u2003vi)<")
        < page.index("\u2003d)<")
        < page.index("\u2003\u2003vii)<")
        < page.index("\u2003\u2003viii)<")
    )
