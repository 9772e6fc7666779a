"""Values from the command line checked before use: whole numbers within bounds, dates within a window.

A management command hands what an operator typed (or what `call_command` passed, which
argparse never sees) to these helpers; a value out of range becomes a CommandError that says
in Chinese what is allowed, never a traceback from the database or the calendar.

>>> whole_number("50", name="--limit", low=1, high=1000)
50
"""

from __future__ import annotations

import datetime
import re

from django.core.management.base import CommandError

# The largest id a database integer column holds (PostgreSQL bigint; SQLite's INTEGER).
MAX_ID = 2**63 - 1
_WHOLE = re.compile(r"[+-]?\d{1,40}")


def whole_number(value, *, name: str, low: int, high: int) -> int:
    """`value` (a string or an int) as an int from `low` to `high`; CommandError otherwise."""
    text = str(value).strip()
    if isinstance(value, bool) or not _WHOLE.fullmatch(text):
        raise CommandError(f"{name} 须为 {low} 到 {high} 之间的整数，收到的是“{text[:40]}”。")
    number = int(text)
    if not low <= number <= high:
        raise CommandError(f"{name} 须为 {low} 到 {high} 之间的整数，收到的是 {text[:40]}。")
    return number


def date_within(value, *, name: str, earliest: datetime.date, latest: datetime.date) -> datetime.date:
    """`value` (a date or YYYY-MM-DD) as a date from `earliest` to `latest`; CommandError otherwise."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        text = str(value).strip()
        try:
            value = datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"{name} 须为 YYYY-MM-DD 格式的日期，收到的是“{text[:40]}”。") from None
    if not earliest <= value <= latest:
        raise CommandError(f"{name} 须在 {earliest:%Y-%m-%d} 到 {latest:%Y-%m-%d} 之间，收到的是 {value:%Y-%m-%d}。")
    return value
