"""Phone preview: the page's WeChat article, built exactly as it would go out, sent to test readers.

`wechat_preview_send` makes the article from the page's latest revision (a draft can be
previewed before it is approved) with the same code as a delivery: the same 图文/长图 form,
images, cover and draft (`WechatChannel.draft_prepare`), then `message/mass/preview` to each
WeChat ID. Every preview makes a draft in the account's draft box (WeChat previews only a
draft), deleted when the page is previewed again or after a day (preview_drafts.py); WeChat
allows about 100 previews a day. Results come back in Chinese, one per
recipient; one recipient's failure does not stop the others.
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from wagtail.log_actions import log

from core.public_urls import public_url
from publishing.channels.base import WECHAT, ChannelError, DeliveryJob, get_channel

from .models import WECHAT_ID, parse_wechat_ids
from .preview_drafts import preview_draft_record, preview_drafts_replace

logger = logging.getLogger(__name__)

PREVIEW_ERRORS = {
    "43004": "该微信号没有关注公众号，请先关注后再预览。",
    "40003": "微信号或 openid 不正确。",
    "40132": "微信号不正确。",
    "45009": "今天的预览次数已用完（每天约 100 次），请明天再试。",
}


class PreviewError(Exception):
    """The preview could not be made at all (no recipients, channel not configured, article refused)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreviewResult:
    """What happened for one recipient: `ok`, and a Chinese message."""

    wechat_id: str
    ok: bool
    message: str


class _MemoryProgress:
    """A Progress kept in memory: a preview resumes nothing and records nothing."""

    def __init__(self):
        self.ids: dict[str, Any] = {}

    def get(self, key, default=None):
        return self.ids.get(key, default)

    def begin(self, step):
        self.ids["in_flight"] = step

    def record(self, step, **values):
        self.ids.update({key: value for key, value in values.items() if value is not None})
        self.ids.pop("in_flight", None)


def _page_url(page) -> str:
    return page.specific.get_full_url() or public_url(f"/?page={page.pk}")


def preview_recipients_check(recipients: list[str] | str) -> list[str]:
    """The WeChat IDs to preview to, checked; raises PreviewError (Chinese) when there are none or one is malformed."""
    ids = parse_wechat_ids(recipients) if isinstance(recipients, str) else parse_wechat_ids(" ".join(recipients))
    if not ids:
        raise PreviewError("没有预览微信号：请在「设置 › 公众号设置」中填写，或在此输入。")
    bad = [item for item in ids if not WECHAT_ID.match(item)]
    if bad:
        raise PreviewError(f"这些不是有效的微信号：{'、'.join(bad[:5])}（6–20 位，字母开头，可含字母、数字、-、_）。")
    return ids


def wechat_preview_send(*, page, to: list[str] | str, user=None) -> list[PreviewResult]:
    """Send `page`'s WeChat article (its latest revision) to the WeChat IDs `to`; one result per ID.

    Raises PreviewError when nothing could be sent (no valid recipients, WeChat not
    configured, the article breaks WeChat's limits or WeChat refused its images or draft).
    """
    recipients = preview_recipients_check(to)
    channel = get_channel(WECHAT)
    if not channel.is_configured():
        raise PreviewError(f"微信公众号未配置：缺少 {'、'.join(channel.missing_settings())}，无法发送预览。")
    specific = page.specific
    latest = specific.get_latest_revision_as_object() if specific.latest_revision_id else specific
    job = DeliveryJob(key=str(uuid.uuid4()), channel=WECHAT, page=latest, page_url=_page_url(specific),
                      event="published", progress=_MemoryProgress())
    client = channel.client()
    results = []
    try:
        try:
            _payload, media_id = channel.draft_prepare(client, job)
        except ChannelError as error:
            raise PreviewError(f"预览文章生成失败：{error.message}") from error
        preview_draft_record(page_id=specific.pk, media_id=media_id)
        for wechat_id in recipients:
            try:
                client.mass_preview(media_id=media_id, wxname=wechat_id)
            except ChannelError as error:
                results.append(PreviewResult(wechat_id, False, PREVIEW_ERRORS.get(error.code, error.message)))
            else:
                results.append(PreviewResult(wechat_id, True, "已发送，请在微信中查看。"))
        preview_drafts_replace(client=client, page_id=specific.pk, keep=media_id)
    finally:
        client.close()
    sent = sum(result.ok for result in results)
    logger.info("Phone preview of page %s: %d of %d sent", specific.pk, sent, len(results))
    log(instance=specific, action="outreach.preview", user=user, uuid=uuid.uuid4(),
        data={"sent": sent, "failed": len(results) - sent})
    return results
