"""Reads of the Friends contact list: an edition's rows, the directory, and what changed between editions."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from contacts.models import ContactListEdition, ContactListEntry, ContactListMember


def edition_entries(edition: ContactListEdition, query: str = "") -> QuerySet[ContactListEntry]:
    """The edition's rows in order, each with its people (as `listed_members`): two queries.

    With a query, only rows whose role, country or organisation matches, or that
    name a matching person or address; such a row lists only its matching people
    unless the row itself matched.
    """
    members = ContactListMember.objects.select_related("person").order_by("position", "pk")
    entries = edition.entries.select_related("country", "organisation").order_by("position", "pk")
    query = query.strip()
    if query:
        row_matches = (
            Q(role__icontains=query)
            | Q(country__name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(organisation__location__icontains=query)
        )
        # JSON arrays are searched as their text: an address containing the query.
        member_matches = Q(person__name__icontains=query) | Q(addresses__icontains=query)
        matching_members = ContactListMember.objects.filter(member_matches, entry__edition=edition)
        entries = entries.filter(row_matches | Q(pk__in=matching_members.values("entry_id"))).distinct()
        members = members.filter(
            member_matches | Q(entry__in=ContactListEntry.objects.filter(row_matches, edition=edition).values("pk"))
        )
    return entries.prefetch_related(Prefetch("members", queryset=members, to_attr="listed_members"))


@dataclass(frozen=True)
class Listing:
    """One person as an edition lists them."""

    person_id: int
    name: str
    role: str
    affiliation: str
    addresses: tuple[str, ...]

    @property
    def address_key(self) -> frozenset[str]:
        # Addresses are compared without regard to case: Stephanie.KARNER@ is the same mailbox.
        return frozenset(address.lower() for address in self.addresses)


def edition_listings(edition: ContactListEdition | None) -> dict[int, Listing]:
    """Who the edition lists, by person id (a person on two rows keeps the first)."""
    if edition is None:
        return {}
    listings: dict[int, Listing] = {}
    for entry in edition_entries(edition):
        for member in entry.listed_members:
            listings.setdefault(
                member.person_id,
                Listing(
                    person_id=member.person_id,
                    name=member.person.name,
                    role=entry.role,
                    affiliation=entry.affiliation_label,
                    addresses=tuple(member.addresses),
                ),
            )
    return listings


@dataclass(frozen=True)
class EditionChange:
    before: Listing
    after: Listing

    @property
    def what(self) -> list[str]:
        changed = []
        if self.before.name != self.after.name:
            changed.append("name")
        if self.before.address_key != self.after.address_key:
            changed.append("address")
        if (self.before.role, self.before.affiliation) != (self.after.role, self.after.affiliation):
            changed.append("role")
        return changed


@dataclass
class EditionComparison:
    """From one edition (or an earlier state of one) to another: who joined, who left, who changed."""

    joined: list[Listing] = field(default_factory=list)
    left: list[Listing] = field(default_factory=list)
    changed: list[EditionChange] = field(default_factory=list)

    @property
    def address_changes(self) -> list[EditionChange]:
        return [change for change in self.changed if "address" in change.what]

    def __bool__(self) -> bool:
        return bool(self.joined or self.left or self.changed)


def listings_compare(before: dict[int, Listing], after: dict[int, Listing]) -> EditionComparison:
    def by_name(listing: Listing) -> str:
        return listing.name.lower()

    in_both = (EditionChange(before[pk], after[pk]) for pk in before.keys() & after.keys())
    return EditionComparison(
        joined=sorted((after[pk] for pk in after.keys() - before.keys()), key=by_name),
        left=sorted((before[pk] for pk in before.keys() - after.keys()), key=by_name),
        changed=sorted((change for change in in_both if change.what), key=lambda change: by_name(change.after)),
    )


def editions_compare(older: ContactListEdition, newer: ContactListEdition) -> EditionComparison:
    return listings_compare(edition_listings(older), edition_listings(newer))
