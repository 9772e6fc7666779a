"""Deadline arithmetic: natural days in Asia/Shanghai dates, the day of receipt not counted."""

import datetime

import pytest
import time_machine

from content.desk import deadlines
from content.desk.models import DeskRequest

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("received_utc", "standard", "complex_due"),
    [
        # 23:59:59 on 29 November in Shanghai is still the 29th: due 14 December / 29 December.
        (datetime.datetime(2026, 11, 29, 15, 59, 59, tzinfo=UTC), datetime.date(2026, 12, 14), datetime.date(2026, 12, 29)),
        # One second later it is 00:00 on the 30th in Shanghai, though still the 29th in UTC.
        (datetime.datetime(2026, 11, 29, 16, 0, 0, tzinfo=UTC), datetime.date(2026, 12, 15), datetime.date(2026, 12, 30)),
        # Across the year end and February.
        (datetime.datetime(2026, 12, 20, 1, 0, tzinfo=UTC), datetime.date(2027, 1, 4), datetime.date(2027, 1, 19)),
        (datetime.datetime(2028, 2, 14, 2, 0, tzinfo=UTC), datetime.date(2028, 2, 29), datetime.date(2028, 3, 15)),
    ],
)
def test_due_date_counts_calendar_days_from_the_shanghai_date(received_utc, standard, complex_due):
    assert deadlines.due_date(received_utc) == standard
    assert deadlines.due_date(received_utc, complex_case=True) == complex_due


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        deadlines.shanghai_date(datetime.datetime(2026, 11, 29, 12, 0))


def test_states_around_the_due_date(settings):
    settings.DESK_DEADLINE_WARN_DAYS = 3
    due = datetime.date(2026, 12, 14)
    assert deadlines.deadline_state(due, finished=False, today=datetime.date(2026, 12, 10)) == deadlines.OK
    assert deadlines.deadline_state(due, finished=False, today=datetime.date(2026, 12, 11)) == deadlines.NEAR
    assert deadlines.deadline_state(due, finished=False, today=due) == deadlines.NEAR
    assert deadlines.deadline_state(due, finished=False, today=datetime.date(2026, 12, 15)) == deadlines.OVERDUE
    assert deadlines.deadline_state(due, finished=True, today=datetime.date(2027, 1, 1)) == deadlines.DONE


def test_met_compares_the_shanghai_date_of_the_answer():
    due = datetime.date(2026, 12, 14)
    assert deadlines.met(due, datetime.datetime(2026, 12, 14, 15, 59, tzinfo=UTC)) is True
    assert deadlines.met(due, datetime.datetime(2026, 12, 14, 16, 0, tzinfo=UTC)) is False
    assert deadlines.met(due, None) is None


def _stored_due(file_request):
    return DeskRequest.objects.get(pk=file_request().request.pk).due_date


@pytest.mark.django_db
def test_a_request_filed_just_before_midnight_in_shanghai(file_request):
    with time_machine.travel(datetime.datetime(2026, 11, 29, 15, 59, 30, tzinfo=UTC), tick=False):
        assert _stored_due(file_request) == datetime.date(2026, 12, 14)
    with time_machine.travel(datetime.datetime(2026, 11, 29, 16, 0, 30, tzinfo=UTC), tick=False):
        assert _stored_due(file_request) == datetime.date(2026, 12, 15)


@pytest.mark.postgres
@pytest.mark.django_db
def test_deadline_filters_on_postgres_use_shanghai_today(file_request):
    from content.desk.selectors import filter_deadline

    with time_machine.travel(datetime.datetime(2026, 11, 1, 3, 0, tzinfo=UTC), tick=False):
        old = file_request("旧的").request  # due 16 November
    with time_machine.travel(datetime.datetime(2026, 11, 13, 16, 30, tzinfo=UTC), tick=False):  # 14 Nov 00:30 Shanghai
        near = file_request("新的").request  # due 29 November
        assert list(filter_deadline(DeskRequest.objects.all(), deadlines.NEAR)) == [old]
        assert list(filter_deadline(DeskRequest.objects.all(), deadlines.OK)) == [near]
    with time_machine.travel(datetime.datetime(2026, 11, 16, 16, 0, 1, tzinfo=UTC), tick=False):  # 17 Nov 00:00 Shanghai
        assert list(filter_deadline(DeskRequest.objects.all(), deadlines.OVERDUE)) == [old]
