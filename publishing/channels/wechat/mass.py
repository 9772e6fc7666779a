"""群发 (mass send) of a WeChat draft to every follower, so that it reaches them exactly once.

WeChat's `message/mass/sendall` notifies followers and shows the article on the account's
profile, within a tight quota (a 订阅号: one a day; a 服务号: four a month), so a second send
is a real harm. Three things keep it to one:

- the `clientmsgid` is derived from the delivery (its key and a round that only a failed
  send ends), so a repeated call, after a lost answer or a worker that died mid-call, is
  refused by WeChat: 45065 carries the first send's `msg_id`, which is recorded as the send;
  45066 (a repeat within a minute) is retried after a minute;
- the time of the first call of a round is recorded before it is made and cleared only when
  WeChat refuses it (an errcode: nothing went out); should a call's answer never come and
  more than `MASS_DEDUP_TRUST_SECONDS` pass (WeChat de-duplicates for 24 hours only),
  nothing is sent again and a person is asked to look;
- a page delivered again after an update goes out by 发布, never by a second 群发
  (`send_mode`).

After the send, `mass_poll` reads `message/mass/get` until SEND_SUCCESS or SEND_FAIL;
while 群发保护 (WECHAT_MASS_PROTECTION) waits for an admin to confirm on the phone (up to
30 minutes), the delivery says so. 45028 (no quota left) fails at once and says when to try
again. `mass_retract` withdraws it with `message/mass/delete`.
"""

import datetime
import logging
import time

from django.conf import settings
from django.utils import timezone

from ..base import (
    POLL_LATER,
    PUBLISHED,
    RETRACTED,
    ChannelError,
    DeliveryJob,
    Outcome,
    PermanentChannelError,
    TransientChannelError,
)

logger = logging.getLogger(__name__)

PUBLISH = "publish"
MASS = "mass"
MODES = (PUBLISH, MASS)
MASS_DEDUP_TRUST_SECONDS = 23 * 3600
PROTECTION_SECONDS = 30 * 60
RETRY_AFTER_45066 = 65
QUOTA_RESETS_AT = datetime.time(0, 0)


class UnknownMode(ValueError):
    """A send mode that is neither publish nor mass."""


def send_mode(job: DeliveryJob) -> str:
    """The job's mode ("publish" or "mass"), chosen once and recorded.

    A mode given for the delivery (`manage.py distribute --mode`) wins; otherwise 公众号设置
    for the page type, except that a page already delivered once (an update) is published,
    not mass-sent again.
    """
    from publishing.outreach.selectors import send_mode_for

    mode = job.progress.get("mode")
    if mode in MODES:
        return mode
    mode = send_mode_for(job.page) if job.event == "published" else PUBLISH
    job.progress.record("mode_chosen", mode=mode)
    return mode


def clientmsgid(*, delivery_key: str, round_number: int) -> str:
    """The de-duplication id of one mass send of one delivery (at most 64 bytes).

    >>> clientmsgid(delivery_key="5f0c4c38-1111-4222-8333-944455556666", round_number=1)
    'jrcs-5f0c4c3811114222833394445555666-1'
    """
    return f"jrcs-{delivery_key.replace('-', '')}-{round_number}"


def next_quota_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """When a 订阅号's daily mass-send quota comes back: the next midnight, Beijing time."""
    local = timezone.localtime(now or timezone.now())
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, QUOTA_RESETS_AT, tzinfo=local.tzinfo)


def mass_send(*, client, progress, media_id: str, delivery_key: str) -> Outcome:
    """Mass-send the draft `media_id` once; records `msg_id` and `msg_data_id`, then asks to poll."""
    round_number = int(progress.get("mass_round") or 1)
    message_id = clientmsgid(delivery_key=delivery_key, round_number=round_number)
    started = progress.get("mass_started_at")
    if started:
        # An earlier call of this round may have gone out with its answer lost.
        if time.time() - float(started) > MASS_DEDUP_TRUST_SECONDS:
            raise PermanentChannelError(
                "上次群发时连接中断，且已超过微信去重的 24 小时，无法确认是否已群发。为避免重复推送，"
                "请在公众平台「发表记录」中核实；确未群发时再点「重试」。",
                code="mass_unconfirmed",
            )
    else:
        progress.record("mass_started", mass_started_at=time.time(), clientmsgid=message_id, mass_round=round_number)
    progress.begin("mass_send")
    try:
        data = client.mass_sendall(media_id=media_id, clientmsgid=message_id)
        found_by_dedup = False
    except ChannelError as error:
        if error.code == "45065" and error.data.get("msg_id"):
            # WeChat already has this send: the earlier call went through, its answer was lost.
            data, found_by_dedup = error.data, True
        elif error.code == "45066":
            raise TransientChannelError(
                "群发请求重复得太快（45066），一分钟后自动重试（不会重复群发）。", code=45066,
                detail=error.detail, retry_after=RETRY_AFTER_45066,
            ) from error
        elif error.code == "45028":
            progress.record("mass_refused", mass_error="45028", mass_started_at=None)
            when = next_quota_time()
            raise PermanentChannelError(
                f"今天的群发次数已用完（45028），本次没有群发。请在 {when:%m月%d日 %H:%M} 之后在投递详情中点「重试」，"
                "或改用「发布」（不占群发次数，但不通知粉丝）。",
                code=45028, detail=error.detail,
            ) from error
        else:
            if error.code.lstrip("-").isdigit():
                # WeChat answered with an error: nothing was sent.
                progress.record("mass_refused", mass_error=error.code, mass_started_at=None)
            raise
    msg_id = str(data["msg_id"])
    progress.record("mass_sent", msg_id=msg_id, msg_data_id=str(data.get("msg_data_id") or ""),
                    mass_sent_at=time.time(), mass_found_by_dedup=found_by_dedup or None)
    logger.info("Mass send %s accepted%s", msg_id, " (found by clientmsgid)" if found_by_dedup else "")
    if protection_on():
        return Outcome(POLL_LATER, message=PROTECTION_MESSAGE)
    return Outcome(POLL_LATER, message="已提交群发，等待微信推送给粉丝。")


PROTECTION_MESSAGE = "群发保护已开启：等待公众号管理员在手机上确认群发（30 分钟内有效）。"


def protection_on() -> bool:
    return bool(getattr(settings, "WECHAT_MASS_PROTECTION", False))


def mass_poll(*, client, progress) -> Outcome:
    """Read the mass send's status: published when sent, a failure when WeChat says so."""
    data = client.mass_get(msg_id=progress.get("msg_id"))
    status = str(data.get("msg_status", ""))
    if status == "SEND_SUCCESS":
        progress.record("mass_done", mass_status=status, mass_finished_at=time.time())
        return Outcome(PUBLISHED, message="群发成功，已推送给公众号粉丝。")
    if status == "SENDING":
        waited = time.time() - float(progress.get("mass_sent_at") or time.time())
        if protection_on() and waited < PROTECTION_SECONDS:
            if progress.get("mass_status") != "awaiting_admin":
                progress.record("mass_awaiting_admin", mass_status="awaiting_admin")
            return Outcome(POLL_LATER, message=PROTECTION_MESSAGE)
        if progress.get("mass_status") != "SENDING":
            progress.record("mass_sending", mass_status="SENDING")
        return Outcome(POLL_LATER, message="微信正在群发…")
    progress.record("mass_failed", mass_status=status or "unknown")
    if status == "DELETE":
        raise PermanentChannelError("该群发已被删除（DELETE）。", code="mass_DELETE", detail=str(data)[:300])
    if protection_on():
        message = "群发失败（SEND_FAIL）：群发保护下管理员未确认或拒绝了群发。可在投递详情中点「重试」再次群发。"
    else:
        message = "微信群发失败（SEND_FAIL）。可在投递详情中点「重试」再次群发。"
    raise PermanentChannelError(message, code=f"mass_{status or 'unknown'}", detail=str(data)[:300])


def mass_retract(*, client, progress) -> Outcome:
    """Withdraw the mass send (`message/mass/delete`); the article's page stops opening."""
    msg_id = progress.get("msg_id")
    client.mass_delete(msg_id=msg_id, article_idx=0)
    progress.record("mass_deleted", deleted_msg_id=msg_id)
    return Outcome(RETRACTED, message="已通过 message/mass/delete 撤回群发（已收到的粉丝仍能看到消息卡片，但文章无法打开）。")


def mass_reset_for_retry(progress, *, last_error_code: str = "") -> dict:
    """Values to change before a retry: after a failed send (or one a person checked did not go
    out), a new round, so a new clientmsgid."""
    status = progress.get("mass_status")
    if last_error_code == "mass_unconfirmed":
        return {"in_flight": None, "mass_started_at": None, "mass_round": int(progress.get("mass_round") or 1) + 1}
    if status and status not in ("SENDING", "awaiting_admin", "SEND_SUCCESS"):
        return {"msg_id": None, "msg_data_id": None, "mass_status": None, "mass_sent_at": None,
                "mass_round": int(progress.get("mass_round") or 1) + 1, "mass_started_at": None}
    return {}
