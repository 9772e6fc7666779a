"""What agents do to a request: assign, reply, note, change status or category, mark complex, reveal.

Every action is a service that records an `Event` (who, what, never a personal value) in the
same transaction as the change. `ActionRefused` carries the Chinese reason when the request's
state does not allow the action.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from . import deadlines, rules
from .errors import ActionRefused
from .models import DeskRequest, Event, Note, Reply
from .models.requests import FINISHED, Status

logger = logging.getLogger(__name__)

REVEALABLE = {"name": "称呼", "phone": "手机号", "text": "完整内容"}


def _event(desk_request, user, action, **detail) -> Event:
    return Event.objects.create(request=desk_request, actor=user, action=action, detail=detail)


def _refuse_if_erased(desk_request: DeskRequest) -> None:
    if desk_request.erased_at is not None:
        raise ActionRefused("这条诉求的个人信息已按保存期限删除，不能再处理。")


@transaction.atomic
def request_assign(*, desk_request: DeskRequest, user, assignee) -> None:
    """Give the request to `assignee` (by `user`); a new request becomes 处理中."""
    _refuse_if_erased(desk_request)
    desk_request.assignee = assignee
    if desk_request.status == Status.NEW:
        desk_request.status = Status.ASSIGNED
    desk_request.save(update_fields=["assignee", "status", "updated_at"])
    _event(desk_request, user, Event.Action.ASSIGNED, assignee=assignee.get_username() if assignee else "")


@transaction.atomic
def request_reply(*, desk_request: DeskRequest, user, text: str) -> Reply:
    """Send `text` to the reader (shown on their status page); the request becomes 已答复."""
    _refuse_if_erased(desk_request)
    text = (text or "").strip()
    if not text:
        raise ActionRefused("答复内容不能为空。")
    reply = Reply.objects.create(request=desk_request, author=user, text=text)
    now = timezone.now()
    desk_request.status = Status.ANSWERED
    desk_request.answered_at = desk_request.answered_at or now
    if desk_request.assignee_id is None:
        desk_request.assignee = user
    desk_request.save(update_fields=["status", "answered_at", "assignee", "updated_at"])
    _event(desk_request, user, Event.Action.REPLIED, reply=reply.pk)
    return reply


@transaction.atomic
def request_note(*, desk_request: DeskRequest, user, text: str) -> Note:
    """Add an internal note (agents only)."""
    _refuse_if_erased(desk_request)
    text = (text or "").strip()
    if not text:
        raise ActionRefused("备注内容不能为空。")
    note = Note.objects.create(request=desk_request, author=user, text=text)
    _event(desk_request, user, Event.Action.NOTE, note=note.pk)
    return note


@transaction.atomic
def request_set_status(*, desk_request: DeskRequest, user, status: str) -> None:
    """Move the request to `status`; closing stamps closed_at, which starts the retention period."""
    if status not in Status.values:
        raise ActionRefused("未知的状态。")
    if desk_request.erased_at is not None:
        raise ActionRefused("这条诉求的个人信息已按保存期限删除，不能再处理。")
    previous = desk_request.status
    desk_request.status = status
    now = timezone.now()
    if status == Status.CLOSED:
        desk_request.closed_at = now
        desk_request.answered_at = desk_request.answered_at or now
    elif status not in FINISHED:
        desk_request.closed_at = None
    desk_request.save(update_fields=["status", "closed_at", "answered_at", "updated_at"])
    _event(desk_request, user, Event.Action.STATUS, previous=previous, status=status)


@transaction.atomic
def request_set_category(*, desk_request: DeskRequest, user, category: str) -> None:
    if rules.desk_rules().category(category) is None:
        raise ActionRefused("未知的分类。")
    previous = desk_request.category
    desk_request.category = category
    desk_request.save(update_fields=["category", "updated_at"])
    _event(desk_request, user, Event.Action.CATEGORY, previous=previous, category=category)


@transaction.atomic
def request_mark_complex(*, desk_request: DeskRequest, user, reason: str) -> None:
    """Extend the deadline to 30 days from receipt; the reason is required and recorded."""
    _refuse_if_erased(desk_request)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("标为复杂案件必须写明延期原因。")
    if desk_request.is_complex:
        raise ActionRefused("这条诉求已经标为复杂案件。")
    desk_request.is_complex = True
    desk_request.complex_reason = reason
    desk_request.due_date = deadlines.due_date(desk_request.received_at, complex_case=True)
    desk_request.deadline_notice = ""
    desk_request.save(update_fields=["is_complex", "complex_reason", "due_date", "deadline_notice", "updated_at"])
    _event(desk_request, user, Event.Action.COMPLEX, due=desk_request.due_date.isoformat())


def request_reveal(*, desk_request: DeskRequest, user, field: str) -> str:
    """The clear value of `field` ("name", "phone" or "text"), logged with who and when.

    The caller must have checked `desk.reveal_personal_data`.
    """
    if field not in REVEALABLE:
        raise ActionRefused("只能查看称呼、手机号或完整内容。")
    _refuse_if_erased(desk_request)
    _event(desk_request, user, Event.Action.REVEALED, field=field)
    logger.info("User %s revealed the %s of desk request %s", user.pk, field, desk_request.number)
    return getattr(desk_request, field)
