"""Load the demo data: both seed documents as structured records.

Idempotent: every record is found by a natural key and saved only when it
differs, so a second run creates nothing, changes nothing and writes no history.
"""

import functools
import uuid
from collections import Counter

from django.db import models, transaction

from contacts.models import (
    ContactListEdition,
    ContactListEntry,
    ContactListMember,
    Country,
    EmailAddress,
    Organisation,
    Person,
)
from contacts.services import contact_list_pdfs_queue
from decisions.models import Decision, Paragraph
from decisions.services import decision_revision_issue
from demo import contacts_2010, decision_2012, meetings_2010, workgroups_2011
from meetings.models import ActionPoint, Agenda, AgendaItem, Meeting, Minutes, MinutesSection
from meetings.services import minutes_publish
from publishing import page_cache
from publishing.models import Publishable, PublishedVersion
from publishing.services import document_publish
from workgroups.models import Appointment, WorkingGroup

# Paragraph keys of the demo decision derive from their place in the seed, so
# they are the same on every machine and every run.
PARAGRAPH_KEY_NAMESPACE = uuid.UUID("5b0f6c52-8f0e-4c1e-9d0a-2f4d1f0c2012")


class _Upserter:
    """Find-or-create by natural key; save only fields whose value differs."""

    def __init__(self):
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def __call__(self, model: type[models.Model], lookup: dict, values: dict | None = None):
        values = values or {}
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            self.created[model._meta.verbose_name_plural] += 1
        else:
            changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
            if not changed:
                return instance
            for name, value in changed.items():
                setattr(instance, name, value)
            self.updated[model._meta.verbose_name_plural] += 1
        instance.full_clean()
        instance.save()
        return instance

    def set_related(self, instance: models.Model, name: str, related: list[models.Model]) -> None:
        """Make a many-to-many relation hold exactly `related`, touching it only when it differs."""
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) != {item.pk for item in related}:
            manager.set(related)
            self.updated[f"{instance._meta.verbose_name_plural} ({name})"] += 1

    def publish_once(self, document: Publishable, *, publish=None) -> None:
        """Publish the document's first version, unless it has one; `publish` is the type's own
        publishing service where it has one (minutes keep their sections for comparisons)."""
        if not document.versions.filter(kind=PublishedVersion.Kind.PUBLISHED).exists():
            (publish or functools.partial(document_publish, document=document))(by=None)
            self.created["published versions"] += 1


def demo_data_load() -> tuple[Counter[str], Counter[str]]:
    """Load or refresh the demo data; return the (created, updated) counts per model."""
    upsert = _Upserter()
    with transaction.atomic():
        countries, people = _load_contacts(upsert)
        groups = _load_groups(upsert, countries, people)
        meetings = _load_meetings(upsert, countries, groups)
        _load_decision(upsert, meetings["2msp"])
        # The list's PDF, rendered after the commit (only if the list changed since it was rendered).
        contact_list_pdfs_queue()
        if upsert.created or upsert.updated:
            page_cache.invalidate_on_commit()  # meetings and groups on the home page and in the lists
    return upsert.created, upsert.updated


def _load_contacts(upsert):
    countries = {name: upsert(Country, {"name": name}, {"is_state_party": True}) for name in contacts_2010.COUNTRIES}
    organisations = {
        name: upsert(Organisation, {"name": name}, {"kind": kind, "full_name": full_name, "location": location})
        for name, kind, full_name, location in contacts_2010.ORGANISATIONS
    }
    edition = upsert(ContactListEdition, {"as_of": contacts_2010.AS_OF}, {"title": contacts_2010.TITLE})
    people: dict[str, Person] = {}
    for position, (role, holder, named) in enumerate(contacts_2010.ENTRIES, start=1):
        affiliation = (
            {"country": countries[holder], "organisation": None}
            if holder in countries
            else {"country": None, "organisation": organisations[holder]}
        )
        entry = upsert(ContactListEntry, {"edition": edition, "position": position}, {"role": role, **affiliation})
        for person_position, (given, family, address) in enumerate(named, start=1):
            name = contacts_2010.listed_name(given, family)
            person = upsert(Person, {"name": name}, {"given_name": given, "family_name": family, **affiliation})
            upsert(EmailAddress, {"person": person, "address": address}, {"position": 1})
            upsert(
                ContactListMember,
                {"entry": entry, "person": person},
                {"position": person_position, "addresses": [address]},
            )
            people[name] = person
    return countries, people


def _load_groups(upsert, countries, people):
    groups = {
        slug: upsert(
            WorkingGroup, {"slug": slug}, {"name": name, "kind": kind, "mandate": mandate, "position": position}
        )
        for position, (slug, name, kind, mandate) in enumerate(workgroups_2011.GROUPS, start=1)
    }
    start, end = workgroups_2011.FRIENDS_TERM
    for slug, country_name in workgroups_2011.FRIENDS_LEADS:
        country = countries[country_name]
        appointment = upsert(
            Appointment,
            {"group": groups[slug], "role": Appointment.Role.FRIEND, "country": country, "start_date": start},
            {"end_date": end},
        )
        # The people the contact list names for that country hold the post by name.
        appointment.people.set([person for person in people.values() if person.country_id == country.pk])
    country_name, start, end = workgroups_2011.PRESIDENCY
    country = countries[country_name]
    presidency = upsert(
        Appointment,
        {
            "group": groups[workgroups_2011.COMMITTEE_SLUG],
            "role": Appointment.Role.CHAIR,
            "country": country,
            "start_date": start,
        },
        {"end_date": end},
    )
    # The President's people as the contact list names them for Lebanon.
    upsert.set_related(presidency, "people", [person for person in people.values() if person.country_id == country.pk])
    return groups


def _load_meetings(upsert, countries, groups):
    chair_data = meetings_2010.CHAIR
    chair = upsert(
        Person,
        {"name": chair_data["name"]},
        {"title": chair_data["title"], "country": countries[chair_data["country"]]},
    )
    meetings = {}
    for data in meetings_2010.MEETINGS:
        values = {key: value for key, value in data.items() if key not in {"slug", "country", "chaired", "groups"}}
        values["country"] = countries[data["country"]]
        values["chair"] = chair if data.get("chaired") else None
        meeting = meetings[data["slug"]] = upsert(Meeting, {"slug": data["slug"]}, values)
        upsert.set_related(meeting, "groups", [groups[slug] for slug in data.get("groups", [])])

    friends_meeting = meetings[meetings_2010.FRIENDS_MEETING_SLUG]
    _load_agenda(upsert, friends_meeting, meetings_2010.AGENDA, parent=None)
    upsert.publish_once(upsert(Agenda, {"meeting": friends_meeting}, {"title": meetings_2010.AGENDA_TITLE}))

    minutes = upsert(
        Minutes,
        {"meeting": friends_meeting},
        {
            "title": meetings_2010.MINUTES_TITLE,
            "summary": meetings_2010.MINUTES_SUMMARY,
        },
    )
    for position, (heading, body) in enumerate(meetings_2010.MINUTES_SECTIONS, start=1):
        upsert(MinutesSection, {"minutes": minutes, "position": position}, {"heading": heading, "body": body})
    for position, (text, owner, due_note) in enumerate(meetings_2010.ACTION_POINTS, start=1):
        upsert(
            ActionPoint,
            {"meeting": friends_meeting, "position": position},
            {"text": text, "owner": owner, "due_note": due_note},
        )
    # Circulated to the Friends, then uploaded to the public domain (action point 3).
    upsert.publish_once(minutes, publish=functools.partial(minutes_publish, minutes=minutes))
    return meetings


def _load_agenda(upsert, meeting, items, parent):
    for position, (title, description, lead, children) in enumerate(items, start=1):
        lead, lead_wording = lead if isinstance(lead, tuple) else (lead, "")
        item = upsert(
            AgendaItem,
            {"meeting": meeting, "parent": parent, "position": position},
            {"title": title, "description": description, "lead": lead, "lead_wording": lead_wording},
        )
        _load_agenda(upsert, meeting, children, parent=item)


def _load_decision(upsert, meeting):
    decision = upsert(
        Decision,
        {"slug": decision_2012.SLUG},
        {
            "title": decision_2012.TITLE,
            "heading": decision_2012.HEADING,
            "meeting": meeting,
            "status": Decision.Status.UNDER_CONSULTATION,
        },
    )
    _load_paragraphs(upsert, decision, decision_2012.PARAGRAPHS, parent=None, path=decision.slug)
    # Published as a draft for consultations (public, and marked DRAFT as the seed is):
    # its first round, revision 0, which Friends may comment on.
    if not decision.revisions.exists():
        decision_revision_issue(decision=decision, by=None, publish=True)
        upsert.created["revisions"] += 1


def _load_paragraphs(upsert, decision, paragraphs, parent, path):
    for position, para in enumerate(paragraphs, start=1):
        place = f"{path}/{position}"
        paragraph = upsert(
            Paragraph,
            {"key": uuid.uuid5(PARAGRAPH_KEY_NAMESPACE, place)},
            {
                "decision": decision,
                "parent": parent,
                "position": position,
                "text": para.text,
                "closing_text": para.closing_text,
                "list_style": para.list_style,
                "continues_numbering": para.continues_numbering,
            },
        )
        _load_paragraphs(upsert, decision, para.children, parent=paragraph, path=place)
