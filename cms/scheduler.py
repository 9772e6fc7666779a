"""The clock of the platform: queues the periodic jobs for the task worker to run.

Jobs: scheduled publishing and team notifications that are due (every tick), resuming
deliveries whose worker died (every five minutes), next week's bulletin draft, the desk's
deadline notices and its erasure of personal data past retention, the reading stats that are
due, the drafts phone previews left behind (hourly), and last week's 运营周报 (Mondays at 09:30).

`manage.py run_scheduler` calls `scheduler_tick` once a minute. The work itself runs in
the task worker (`manage.py db_worker`); the clock only enqueues. Every job is
idempotent, so a second clock by mistake does no harm beyond duplicate queue entries.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from content.desk.tasks import desk_deadline_notices, desk_retention_erase
from content.tasks import prepare_next_bulletin, publish_scheduled_pages
from publishing.deliveries.tasks import resume_stalled_deliveries
from publishing.notifications.tasks import resume_notifications
from publishing.outreach.tasks import clean_preview_drafts
from publishing.stats.tasks import collect_due_stats, send_weekly_report

logger = logging.getLogger(__name__)

BULLETIN_CHECK_EVERY = datetime.timedelta(hours=1)
WEEKLY_REPORT_AT = datetime.time(9, 30)  # Mondays, Beijing time: last week's 运营周报
STALLED_DELIVERY_CHECK_EVERY = datetime.timedelta(minutes=5)


@dataclass
class SchedulerState:
    """When each job was last queued by this clock process."""

    last_bulletin_check: datetime.datetime | None = None
    last_stalled_delivery_check: datetime.datetime | None = None
    last_weekly_report: datetime.date | None = None
    queued: list[str] = field(default_factory=list)


def scheduler_tick(*, state: SchedulerState, now: datetime.datetime | None = None) -> list[str]:
    """Queue the jobs that are due at `now`; returns the names of the jobs queued.

    Scheduled publishing is queued on every tick; deliveries whose worker died are
    picked up again every five minutes; the bulletin draft check runs once an hour.
    """
    now = now or timezone.now()
    queued = []
    publish_scheduled_pages.enqueue()
    queued.append(publish_scheduled_pages.name)
    resume_notifications.enqueue()
    queued.append(resume_notifications.name)
    if state.last_bulletin_check is None or now - state.last_bulletin_check >= BULLETIN_CHECK_EVERY:
        for hourly in (prepare_next_bulletin, desk_deadline_notices, desk_retention_erase, collect_due_stats,
                       clean_preview_drafts):
            hourly.enqueue()
            queued.append(hourly.name)
        state.last_bulletin_check = now
    if (
        state.last_stalled_delivery_check is None
        or now - state.last_stalled_delivery_check >= STALLED_DELIVERY_CHECK_EVERY
    ):
        resume_stalled_deliveries.enqueue()
        queued.append(resume_stalled_deliveries.name)
        state.last_stalled_delivery_check = now
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.time() >= WEEKLY_REPORT_AT and state.last_weekly_report != local.date():
        send_weekly_report.enqueue()
        queued.append(send_weekly_report.name)
        state.last_weekly_report = local.date()
    state.queued.extend(queued)
    logger.debug("Scheduler tick at %s queued %s", now, queued)
    return queued
