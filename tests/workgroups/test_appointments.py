import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from tests.factories import AppointmentFactory, CountryFactory, WorkingGroupFactory
from workgroups.models import Appointment

pytestmark = pytest.mark.django_db


def test_term_that_ends_before_it_starts_is_rejected():
    appointment = AppointmentFactory.build(
        group=WorkingGroupFactory(),
        country=CountryFactory(),
        start_date=datetime.date(2013, 1, 1),
        end_date=datetime.date(2012, 12, 31),
    )
    with pytest.raises(ValidationError, match="The term cannot end before it starts"):
        appointment.full_clean()


def test_coordinators_come_from_states_parties():
    appointment = AppointmentFactory.build(group=WorkingGroupFactory(), country=CountryFactory(is_state_party=False))
    with pytest.raises(ValidationError, match="Coordinators are appointed from States Parties"):
        appointment.full_clean()


def test_a_country_or_an_organisation_holds_the_post():
    appointment = AppointmentFactory.build(group=WorkingGroupFactory(), country=None)
    with pytest.raises(ValidationError, match="either a country or an organisation"):
        appointment.full_clean()


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (datetime.date(2012, 1, 1), datetime.date(2012, 12, 31), "2012"),
        (datetime.date(2012, 1, 1), datetime.date(2013, 12, 31), "2012–2013"),
        (datetime.date(2010, 11, 30), datetime.date(2011, 9, 16), "30 November 2010 – 16 September 2011"),
        (datetime.date(2024, 3, 1), None, "from 1 March 2024"),
    ],
)
def test_term_label(start, end, label):
    assert AppointmentFactory.build(start_date=start, end_date=end).term_label == label


def test_current_appointments_are_those_whose_term_covers_the_day():
    staggered_one_year = AppointmentFactory(start_date=datetime.date(2012, 1, 1), end_date=datetime.date(2012, 12, 31))
    staggered_two_years = AppointmentFactory(
        group=staggered_one_year.group, start_date=datetime.date(2012, 1, 1), end_date=datetime.date(2013, 12, 31)
    )
    open_ended = AppointmentFactory(start_date=datetime.date(2013, 6, 1), end_date=None)

    def current_on(day):
        return set(Appointment.objects.current(on=day))

    assert current_on(datetime.date(2011, 12, 31)) == set()
    assert current_on(datetime.date(2012, 12, 31)) == {staggered_one_year, staggered_two_years}
    assert current_on(datetime.date(2013, 1, 1)) == {staggered_two_years}
    assert current_on(datetime.date(2014, 1, 1)) == {open_ended}
    assert staggered_two_years.covers(datetime.date(2013, 12, 31))
    assert not staggered_two_years.covers(datetime.date(2014, 1, 1))


def test_a_group_with_appointments_cannot_be_deleted():
    appointment = AppointmentFactory()
    with pytest.raises(ProtectedError):
        appointment.group.delete()
