"""Telling the agents about deadlines: one e-mail to the 客服专员 group when requests come near or pass theirs.

`deadline_notices_send()` picks the open requests whose deadline state (near, overdue) has
changed since they were last notified, sends one message listing them (number, kind, category,
due date: no personal values) to every active member of 客服专员 with an e-mail address, and
records the state on each request so that the same news is not sent twice. It is run by
`manage.py desk_deadlines` (hourly, from cron or the scheduler). A robot message to the team's
chat comes with the notifications of issue 14.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from core.public_urls import public_url

from . import deadlines, selectors
from .models import Event
from .rules import category_name

logger = logging.getLogger(__name__)

AGENTS = "客服专员"


def agent_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=AGENTS, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _line(desk_request) -> str:
    left = desk_request.days_left
    when = f"剩 {left} 天" if left >= 0 else f"已超期 {-left} 天"
    category = category_name(desk_request.category) or "未分类"
    urgent = "【紧急】" if desk_request.urgent else ""
    return f"{urgent}{desk_request.number} · {desk_request.get_kind_display()} · {category} · 期限 {desk_request.due_date:%Y-%m-%d}（{when}）"


def deadline_notices_send() -> dict[str, int]:
    """Notify the agents of requests newly near or past their deadline; returns the counts sent."""
    base = selectors.open_requests()
    found = {
        deadlines.OVERDUE: list(selectors.filter_deadline(base, deadlines.OVERDUE).exclude(deadline_notice=deadlines.OVERDUE).order_by("due_date")),
        deadlines.NEAR: list(selectors.filter_deadline(base, deadlines.NEAR).exclude(deadline_notice__in=[deadlines.NEAR, deadlines.OVERDUE]).order_by("due_date")),
    }
    counts = {state: len(requests) for state, requests in found.items()}
    if not any(counts.values()):
        return counts
    lines = []
    if found[deadlines.OVERDUE]:
        lines += ["已超期：", *(_line(item) for item in found[deadlines.OVERDUE]), ""]
    if found[deadlines.NEAR]:
        lines += [f"{deadlines.warn_days()} 天内到期：", *(_line(item) for item in found[deadlines.NEAR]), ""]
    link = public_url("/admin/desk/")
    lines.append(f"请在后台处理：{link}")
    recipients = agent_addresses()
    subject = f"消保专线期限提醒：{counts[deadlines.OVERDUE]} 条已超期，{counts[deadlines.NEAR]} 条即将到期"
    if recipients:
        send_mail(subject, "\n".join(lines), None, recipients, fail_silently=False)
    else:
        logger.warning("No active member of %s has an e-mail address: deadline notice not sent", AGENTS)
    with transaction.atomic():
        for state, requests in found.items():
            for desk_request in requests:
                type(desk_request).objects.filter(pk=desk_request.pk).update(deadline_notice=state)
                Event.objects.create(request=desk_request, action=Event.Action.DEADLINE, detail={"state": state, "mailed": len(recipients)})
    logger.info("Desk deadline notice: %d overdue, %d near, to %d agents", counts[deadlines.OVERDUE], counts[deadlines.NEAR], len(recipients))
    return counts
