"""Working groups, thematic areas and committees with their appointments: Popolo organizations and
memberships.

What the public group pages show and nothing more: a post is held by a State Party (or another
country) or an organisation, as the pages name them; the people named on a post, their addresses
and the contact list are never part of it.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from opendata.api.base import ApiViewSet, HtmlUrlField
from opendata.api.routers import router
from workgroups.models import Appointment, WorkingGroup
from workgroups.selectors import committee_members, current_coordinations


class HolderSerializer(serializers.Serializer):
    """Who holds a post: a country or an organisation (a Popolo organization), as the site names it."""

    id = serializers.CharField(help_text="country-<n> or organization-<n>: stable for the holder.")
    type = serializers.ChoiceField(choices=["country", "organization"])
    name = serializers.CharField()
    classification = serializers.CharField(
        help_text='A country: "state_party" or "country"; an organisation: its kind '
        '("civil_society", "international", "united_nations", "other").'
    )


def holder_of(appointment: Appointment) -> dict:
    if appointment.country_id:
        country = appointment.country
        return {
            "id": f"country-{country.pk}",
            "type": "country",
            "name": country.name,
            "classification": "state_party" if country.is_state_party else "country",
        }
    organisation = appointment.organisation
    return {
        "id": f"organization-{organisation.pk}",
        "type": "organization",
        "name": organisation.name,
        "classification": organisation.kind,
    }


def membership_id(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}"


class MembershipSerializer(serializers.Serializer):
    """An appointment as a Popolo membership: which holder, which post, in which group, when."""

    id = serializers.SerializerMethodField(help_text="appointment-<n>: stable for the appointment.")
    organization_id = serializers.CharField(source="group.slug", help_text="The group's id.")
    member = serializers.SerializerMethodField()
    on_behalf_of = serializers.SerializerMethodField()
    role = serializers.CharField(help_text="coordinator, co_coordinator, friend, chair or member.")
    label = serializers.CharField(source="get_role_display", help_text='The post as the site names it: "Coordinator".')
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True, help_text="null: open-ended.")
    term = serializers.CharField(source="term_label", help_text='As the site prints it: "2012–2013".')
    current = serializers.SerializerMethodField(help_text="Whether the term covers today.")

    def get_id(self, appointment) -> str:
        return membership_id(appointment)

    @extend_schema_field(HolderSerializer)
    def get_member(self, appointment) -> dict:
        return holder_of(appointment)

    @extend_schema_field(HolderSerializer)
    def get_on_behalf_of(self, appointment) -> dict:
        """The State Party or organisation the post is held for: the holder itself (people named on a post
        act for it, and are not published)."""
        return holder_of(appointment)

    def get_current(self, appointment) -> bool:
        return appointment.covers(self.context["today"])


class CommitteeMemberSerializer(serializers.Serializer):
    """A member of a committee today, and the post that makes them one (derived from their group's
    appointment for coordinators), as the committee's page lists them."""

    member = serializers.SerializerMethodField()
    post = serializers.CharField(help_text='"Coordinator, Victim Assistance", "Member"...')
    derived = serializers.BooleanField(help_text="True: a member through a post in another group (membership_id).")
    membership_id = serializers.SerializerMethodField(help_text="The appointment that makes them a member.")
    organization_id = serializers.CharField(source="appointment.group.slug", help_text="The group of that post.")
    start_date = serializers.DateField(source="appointment.start_date")
    end_date = serializers.DateField(source="appointment.end_date", allow_null=True)
    term = serializers.CharField(source="term_label")

    @extend_schema_field(HolderSerializer)
    def get_member(self, member) -> dict:
        return holder_of(member.appointment)

    def get_membership_id(self, member) -> str:
        return membership_id(member.appointment)


class GroupSerializer(serializers.Serializer):
    """A working group, thematic area or committee as a Popolo organization."""

    id = serializers.SlugField(source="slug", help_text="The group's stable id, as in its page's address.")
    url = serializers.HyperlinkedIdentityField(view_name="api:group-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    name = serializers.CharField()
    classification = serializers.CharField(source="kind", help_text="working_group, thematic_area or committee.")
    classification_label = serializers.CharField(source="get_kind_display")
    position = serializers.IntegerField(help_text="Order of the work programme decision.")
    mandate = serializers.CharField(help_text="Markdown, as on the group's page.")
    overview = serializers.CharField(help_text="Markdown.")
    work_plan = serializers.CharField(help_text="Markdown.")
    meetings_url = serializers.SerializerMethodField(help_text="The group's meetings in the API.")
    memberships = MembershipSerializer(many=True, source="every_appointment", help_text="Every term, earliest first.")
    committee_members = serializers.SerializerMethodField(
        help_text="A committee's members today, derived as its page shows them; null for other groups."
    )

    @extend_schema_field(CommitteeMemberSerializer(many=True, allow_null=True))
    def get_committee_members(self, group):
        if group.kind != WorkingGroup.Kind.COMMITTEE:
            return None
        today = self.context["today"]
        own = [appointment for appointment in group.every_appointment if appointment.covers(today)]
        members = committee_members(group, own=own, coordinations=self.context["view"].coordinations())
        return CommitteeMemberSerializer(members, many=True, context=self.context).data

    def get_meetings_url(self, group) -> str:
        return f"{reverse('api:meeting-list', request=self.context['request'])}?group={group.slug}"


class GroupFilter(filters.FilterSet):
    classification = filters.ChoiceFilter(
        field_name="kind", choices=WorkingGroup.Kind.choices, help_text="working_group, thematic_area or committee."
    )

    class Meta:
        model = WorkingGroup
        fields = ["classification"]


class GroupViewSet(ApiViewSet):
    """Working groups, thematic coordinator areas and committees, with every appointment (Popolo
    organizations with their memberships)."""

    serializer_class = GroupSerializer
    filterset_class = GroupFilter
    lookup_field = "slug"
    ordering = ("position", "name", "pk")
    noun = "group"

    def get_queryset(self):
        # Public, all of them: a group's page is public, and so are its appointments.
        appointments = Appointment.objects.select_related("country", "organisation").order_by("start_date", "pk")
        return WorkingGroup.objects.prefetch_related(
            Prefetch("appointments", queryset=appointments, to_attr="every_appointment")
        ).order_by(*self.ordering)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": timezone.localdate()}

    @cached_property
    def _coordinations(self) -> list[Appointment]:
        return list(current_coordinations())

    def coordinations(self) -> list[Appointment]:
        """Every group's current coordinators and co-coordinators, read once (one query) when a page has a
        committee: its members are derived from them."""
        return self._coordinations


router.register("groups", GroupViewSet, basename="group")
