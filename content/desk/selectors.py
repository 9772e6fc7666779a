"""Reading requests for agents: the queue's order and filters, and the counts for the dashboard.

The queue never decrypts anything to filter or sort: kind, status, category, urgency and the
due date are plain columns (indexed together), a phone is found by its keyed hash.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from . import crypto, deadlines
from .models import DeskRequest
from .models.requests import FINISHED

QUEUE_ORDER = ("-urgent", "due_date", "received_at", "pk")


# The queue shows none of these: leaving them out keeps the rows the database sorts narrow
# and spares decrypting three values per row.
QUEUE_DEFERRED = ("text", "name", "phone", "phone_hash", "phone_last4_hash", "code_hash", "complex_reason", "keywords", "urgent_terms")


def queue_queryset() -> QuerySet[DeskRequest]:
    """Every request, urgent first, then by due date: what the agents see."""
    return DeskRequest.objects.select_related("assignee").defer(*QUEUE_DEFERRED).order_by(*QUEUE_ORDER)


def open_requests(queryset: QuerySet[DeskRequest] | None = None) -> QuerySet[DeskRequest]:
    queryset = DeskRequest.objects.all() if queryset is None else queryset
    return queryset.exclude(status__in=FINISHED)


def filter_deadline(queryset: QuerySet[DeskRequest], state: str, *, today: datetime.date | None = None) -> QuerySet[DeskRequest]:
    """Requests whose deadline is in `state` (deadlines.OK, NEAR, OVERDUE or DONE) today."""
    today = today or deadlines.shanghai_date()
    warn_until = today + datetime.timedelta(days=deadlines.warn_days())
    if state == deadlines.DONE:
        return queryset.filter(status__in=FINISHED)
    queryset = open_requests(queryset)
    if state == deadlines.OVERDUE:
        return queryset.filter(due_date__lt=today)
    if state == deadlines.NEAR:
        return queryset.filter(due_date__gte=today, due_date__lte=warn_until)
    if state == deadlines.OK:
        return queryset.filter(due_date__gt=warn_until)
    return queryset


def filter_phone(queryset: QuerySet[DeskRequest], value: str) -> QuerySet[DeskRequest]:
    """Requests whose phone is `value` (11 digits) or ends with it (4 digits), by keyed hash."""
    digits = "".join(character for character in value if character.isdigit())
    if len(digits) == 4:
        return queryset.filter(phone_last4_hash=crypto.lookup_hash(digits, purpose="phone_last4"))
    if len(digits) == 11:
        return queryset.filter(phone_hash=crypto.lookup_hash(digits, purpose="phone"))
    return queryset.none()


def dashboard_counts(*, today: datetime.date | None = None) -> dict[str, int]:
    """Open requests that are new, urgent, near their deadline and overdue."""
    today = today or deadlines.shanghai_date()
    warn_until = today + datetime.timedelta(days=deadlines.warn_days())
    return open_requests().aggregate(
        open=Count("pk"),
        new=Count("pk", filter=Q(status="new")),
        urgent=Count("pk", filter=Q(urgent=True)),
        near=Count("pk", filter=Q(due_date__gte=today, due_date__lte=warn_until)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )
