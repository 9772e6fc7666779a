"""Each history event of a request as a sentence an agent reads (the stored detail is codes and numbers)."""

from __future__ import annotations

from . import deadlines
from .models import Event
from .models.requests import Kind, Source, Status
from .rules import category_name

FIELD_LABELS = {"name": "称呼", "phone": "手机号", "text": "完整内容", "screenshot": "截图"}


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value or "—"))


def event_describe(event: Event) -> str:
    detail = event.detail or {}
    action = event.action
    if action == Event.Action.RECEIVED:
        urgent = "，疑似诈骗正在进行（紧急）" if detail.get("urgent") else ""
        return f"{_label(Kind, detail.get('kind'))}，来自{_label(Source, detail.get('channel'))}，建议分类：{category_name(detail.get('category', '')) or '—'}{urgent}"
    if action == Event.Action.ASSIGNED:
        return f"分派给 {detail.get('assignee') or '—'}"
    if action == Event.Action.STATUS:
        return f"{_label(Status, detail.get('previous'))} → {_label(Status, detail.get('status'))}"
    if action == Event.Action.CATEGORY:
        return f"{category_name(detail.get('previous', '')) or '—'} → {category_name(detail.get('category', ''))}"
    if action == Event.Action.COMPLEX:
        return f"办理期限延至 {detail.get('due', '')}"
    if action == Event.Action.REVEALED:
        return f"查看了{FIELD_LABELS.get(detail.get('field'), detail.get('field', ''))}"
    if action == Event.Action.DEADLINE:
        return f"{deadlines.STATE_LABELS.get(detail.get('state'), '')}，已邮件提醒 {detail.get('mailed', 0)} 位客服专员"
    if action == Event.Action.EXPORTED:
        return f"导出 {detail.get('count', 0)} 条（{'不脱敏' if detail.get('unmasked') else '已脱敏'}）"
    return ""
