"""Tests for cms/scheduler.py: which jobs each tick queues."""

import datetime

import pytest

from cms.scheduler import SchedulerState, scheduler_tick

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.UTC)


def names(queued):
    return {name.rsplit(".", 1)[-1] for name in queued}


def test_first_tick_queues_every_job():
    queued = scheduler_tick(state=SchedulerState(), now=START)
    assert names(queued) == {
        "publish_scheduled_pages",
        "resume_notifications",
        "prepare_next_bulletin",
        "resume_stalled_deliveries",
        "desk_deadline_notices",
        "desk_retention_erase",
        "collect_due_stats",
        "clean_preview_drafts",
    }


def test_later_ticks_queue_each_job_at_its_own_pace():
    state = SchedulerState()
    scheduler_tick(state=state, now=START)
    assert names(scheduler_tick(state=state, now=START + datetime.timedelta(minutes=1))) == {
        "publish_scheduled_pages", "resume_notifications",
    }
    assert names(scheduler_tick(state=state, now=START + datetime.timedelta(minutes=5))) == {
        "publish_scheduled_pages",
        "resume_notifications",
        "resume_stalled_deliveries",
    }
    hourly = names(scheduler_tick(state=state, now=START + datetime.timedelta(hours=1)))
    assert {"prepare_next_bulletin", "desk_deadline_notices", "desk_retention_erase", "collect_due_stats"} <= hourly


def test_the_weekly_report_is_queued_once_on_monday_morning():
    state = SchedulerState()
    monday_early = datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Beijing
    assert "send_weekly_report" not in names(scheduler_tick(state=state, now=monday_early))
    monday = monday_early + datetime.timedelta(minutes=30)
    assert "send_weekly_report" in names(scheduler_tick(state=state, now=monday))
    assert "send_weekly_report" not in names(scheduler_tick(state=state, now=monday + datetime.timedelta(hours=2)))
    assert "send_weekly_report" not in names(scheduler_tick(state=state, now=monday + datetime.timedelta(days=1)))
