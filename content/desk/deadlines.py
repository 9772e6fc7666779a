"""When a decision on a request is due, counted in calendar dates of Asia/Shanghai.

The rule (银行业保险业消费投诉处理管理办法, 2020): a decision within
15 days of receiving the complaint, 30 days when the case is complex and the extension is
recorded with its reason. Days are natural (calendar) days, counted as the Civil Code counts a
period given in days (民法典第二百零一条): the day of receipt is not counted, the period starts
the next day, so a request received on 11 月 29 日 at any hour, Beijing time, is due by the end
of 12 月 14 日 (15 days) or 12 月 29 日 (30 days). The date is always taken in Asia/Shanghai,
whatever the server's time zone: 23:59 Beijing time is still that day, 00:00 is the next one.

The Civil Code also moves a deadline that falls on a public holiday to the next working day;
the desk does not, because that needs the State Council's holiday calendar, which changes
every year. The deadline it shows is therefore never later than the legal one.

A request is *near* its deadline when `DESK_DEADLINE_WARN_DAYS` (default 3) or fewer days are
left and *overdue* from the day after its due date, until it is answered or closed.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
STANDARD_DAYS = 15
COMPLEX_DAYS = 30

OK = "ok"
NEAR = "near"
OVERDUE = "overdue"
DONE = "done"
STATE_LABELS = {OK: "正常", NEAR: "即将到期", OVERDUE: "已超期", DONE: "已办结"}


def shanghai_date(moment: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in Asia/Shanghai at `moment` (an aware datetime; now when None)."""
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("shanghai_date needs an aware datetime")
    return moment.astimezone(SHANGHAI).date()


def due_date(received_at: datetime.datetime, *, complex_case: bool = False) -> datetime.date:
    """The last day (Asia/Shanghai) by which a decision is due.

    >>> import datetime as dt
    >>> due_date(dt.datetime(2026, 11, 29, 15, 59, tzinfo=dt.timezone.utc))  # 23:59 in Shanghai
    datetime.date(2026, 12, 14)
    >>> due_date(dt.datetime(2026, 11, 29, 16, 0, tzinfo=dt.timezone.utc))  # 00:00 on the 30th
    datetime.date(2026, 12, 15)
    """
    days = COMPLEX_DAYS if complex_case else STANDARD_DAYS
    return shanghai_date(received_at) + datetime.timedelta(days=days)


def days_left(due: datetime.date, *, today: datetime.date | None = None) -> int:
    """Whole days from today (Asia/Shanghai) to `due`: 0 on the due date, negative after it."""
    return (due - (today or shanghai_date())).days


def warn_days() -> int:
    return int(getattr(settings, "DESK_DEADLINE_WARN_DAYS", 3))


def deadline_state(due: datetime.date, *, finished: bool, today: datetime.date | None = None) -> str:
    """OK, NEAR, OVERDUE, or DONE for a request that is answered or closed."""
    if finished:
        return DONE
    left = days_left(due, today=today)
    if left < 0:
        return OVERDUE
    if left <= warn_days():
        return NEAR
    return OK


def met(due: datetime.date, answered_at: datetime.datetime | None) -> bool | None:
    """Whether the decision came by the due date (None while there is none)."""
    if answered_at is None:
        return None
    return shanghai_date(answered_at) <= due
