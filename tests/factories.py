"""Factories for test data; the demo data comes from demo instead."""

import datetime

import factory

from contacts.models import (
    ContactListEdition,
    ContactListEntry,
    ContactListMember,
    Country,
    EmailAddress,
    Organisation,
    Person,
)
from decisions.models import Decision, Paragraph
from meetings.models import ActionPoint, AgendaItem, Meeting, Minutes, MinutesSection
from publishing.models import PublicationState
from tests.sample_files import PDF_BYTES
from workgroups.models import Appointment, GroupDocument, GroupUpdate, WorkingGroup


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Country {n}")
    is_state_party = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    location = "Geneva"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    country = factory.SubFactory(CountryFactory)


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    person = factory.SubFactory(PersonFactory)
    address = factory.Sequence(lambda n: f"person{n}@example.org")


class ContactListEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactListEdition

    as_of = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))


class ContactListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactListEntry

    edition = factory.SubFactory(ContactListEditionFactory)
    position = factory.Sequence(lambda n: n + 100)
    role = factory.Sequence(lambda n: f"Role {n}")
    country = factory.SubFactory(CountryFactory)


class ContactListMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactListMember

    entry = factory.SubFactory(ContactListEntryFactory)
    person = factory.SubFactory(PersonFactory)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    group = factory.SubFactory(WorkingGroupFactory)
    country = factory.SubFactory(CountryFactory)
    start_date = datetime.date(2012, 1, 1)
    end_date = datetime.date(2012, 12, 31)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.FRIENDS
    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    start_date = factory.Sequence(lambda n: datetime.date(2012, 1, 1) + datetime.timedelta(days=n))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 100)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    summary = "Summary."
    # A draft: public minutes have a PublishedVersion, which only publishing.services.document_publish makes.
    publication_state = PublicationState.INTERNAL


class MinutesSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesSection

    minutes = factory.SubFactory(MinutesFactory)
    position = factory.Sequence(lambda n: n + 100)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Text of the section."


class ActionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 100)
    text = factory.Sequence(lambda n: f"Action {n}")
    owner = "Presidency"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    title = factory.Sequence(lambda n: f"Decision {n}")
    slug = factory.Sequence(lambda n: f"decision-{n}")


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    decision = factory.SubFactory(DecisionFactory)
    position = factory.Sequence(lambda n: n + 100)
    text = factory.Sequence(lambda n: f"Paragraph {n}.")


class GroupUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupUpdate

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Update {n}")
    body = "What the group did."


class GroupDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupDocument

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(data=PDF_BYTES, filename="document.pdf")
    content_type = "application/pdf"  # what an upload's clean() reads from PDF_BYTES
