"""The Coordination Committee's members are derived from the coordinators' posts and its chair (the
President): remove the committee appointments that typed them a second time.

A committee appointment (any role but chair) is removed only when it adds nothing: the same country
holds, over the whole of its term, a coordinator's or co-coordinator's post in a working group or
thematic area, or the committee's chair (the President), and every person it names is named on that
post too. Each removal leaves a "Deleted" history row saying why, so its history stays readable.

Kept, because nothing derives them: members that are organisations (civil society, international
organisations), the President-designate and any other country without such a post, a membership whose
term reaches beyond the post's, or that names people the post does not. A kept appointment with a
coordinator's role on the committee (which the committee no longer accepts: coordinators are recorded
in their own groups) is left as it is, for the secretariat to correct; the migration lists each one.
"""

from django.db import migrations
from django.utils import timezone

COORDINATING_ROLES = ("coordinator", "co_coordinator")
REASON = "Derived from the coordinators' posts and the President (migration 0007)"


def _covers(post, membership) -> bool:
    """The post's term covers the whole of the membership's term."""
    if post.start_date > membership.start_date:
        return False
    if post.end_date is None:
        return True
    return membership.end_date is not None and post.end_date >= membership.end_date


def remove_typed_twice(apps, schema_editor):
    Appointment = apps.get_model("workgroups", "Appointment")
    HistoricalAppointment = apps.get_model("workgroups", "HistoricalAppointment")
    committees = apps.get_model("workgroups", "WorkingGroup").objects.filter(kind="committee")
    for committee in committees:
        own = list(Appointment.objects.filter(group=committee).prefetch_related("people"))
        chairs = [appointment for appointment in own if appointment.role == "chair"]
        for membership in own:
            if membership.role == "chair":
                continue
            if membership.country_id is None:
                continue  # an organisation: no post derives it
            posts = list(
                Appointment.objects.filter(country_id=membership.country_id, role__in=COORDINATING_ROLES)
                .exclude(group__kind="committee")
                .prefetch_related("people")
            ) + [chair for chair in chairs if chair.country_id == membership.country_id]
            named = {person.pk for person in membership.people.all()}
            source = next(
                (
                    post
                    for post in posts
                    if _covers(post, membership) and named <= {person.pk for person in post.people.all()}
                ),
                None,
            )
            if source is None:
                if membership.role in (*COORDINATING_ROLES, "friend"):
                    print(  # the secretariat reads what a migration kept
                        f"\n  Kept committee appointment {membership.pk} ({membership.role}, country "
                        f"{membership.country_id}, from {membership.start_date}): no post derives it; "
                        "record it as a member, or the coordinator's post in its group."
                    )
                continue
            HistoricalAppointment.objects.create(
                id=membership.pk,
                group_id=membership.group_id,
                role=membership.role,
                country_id=membership.country_id,
                organisation_id=membership.organisation_id,
                start_date=membership.start_date,
                end_date=membership.end_date,
                history_date=timezone.now(),
                history_type="-",
                history_change_reason=REASON,
            )
            membership.people.clear()
            membership.delete()


class Migration(migrations.Migration):
    dependencies = [("workgroups", "0006_translatable_field_names")]

    operations = [migrations.RunPython(remove_typed_twice, migrations.RunPython.noop)]
