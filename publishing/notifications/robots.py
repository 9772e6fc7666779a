"""The group robots of 企业微信, 钉钉 and 飞书: how each is addressed, signed and answers.

- 企业微信: `POST {NOTIFY_WECOM_API_BASE}/cgi-bin/webhook/send?key=NOTIFY_WECOM_KEY`, markdown
  (content up to 4,096 bytes); `{"errcode": 0}`; 20 messages a minute, 130101 beyond.
- 钉钉: `POST {NOTIFY_DINGTALK_API_BASE}/robot/send?access_token=…&timestamp=<ms>&sign=…` with
  sign = urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}"))), markdown;
  `{"errcode": 0}`; 20 a minute, 130101 beyond; 310000 for a bad signature or keyword.
- 飞书: `POST {NOTIFY_FEISHU_API_BASE}/open-apis/bot/v2/hook/<NOTIFY_FEISHU_HOOK>` with
  `timestamp` (seconds) and sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))
  in the JSON body; `{"code": 0}`; 19021 for a bad signature; 9499 when too frequent.

Keys, tokens and secrets come from the environment only. Errors name the robot and what
went wrong, never the URL or a key: `redact` cuts every query string (where the robots' keys
travel) and then masks secrets as core/redaction.py does everywhere else.
"""

import base64
import hashlib
import hmac
import json
import logging
import re
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

import httpx

from core.redaction import redact as redact_secrets

from .models import DINGTALK, FEISHU, WECOM

RATE_LIMITED = {WECOM: {130101}, DINGTALK: {130101}, FEISHU: {9499, 11232}}
PER_MINUTE = {WECOM: 20, DINGTALK: 20, FEISHU: 100}
WECOM_MAX_BYTES = 4096
_QUERY_STRING = re.compile(r"\?[^\s\"']*")
ROBOT_SETTINGS = {
    WECOM: ("NOTIFY_WECOM_KEY",),
    DINGTALK: ("NOTIFY_DINGTALK_TOKEN", "NOTIFY_DINGTALK_SECRET"),
    FEISHU: ("NOTIFY_FEISHU_HOOK", "NOTIFY_FEISHU_SECRET"),
}
LABELS = {WECOM: "企业微信机器人", DINGTALK: "钉钉机器人", FEISHU: "飞书机器人"}


class RobotError(Exception):
    """A robot refused or could not be reached. `rate_limited` and `transient` say whether to try later."""

    def __init__(self, message: str, *, rate_limited: bool = False, transient: bool = False):
        super().__init__(message)
        self.message = message
        self.rate_limited = rate_limited
        self.transient = transient


def redact(text: str) -> str:
    """`text` without query strings and without any secret (the robots' keys are secrets).

    >>> redact("POST https://oapi.dingtalk.com/robot/send?access_token=abc failed")   # doctest: +SKIP
    'POST https://oapi.dingtalk.com/robot/send?… failed'
    """
    return redact_secrets(_QUERY_STRING.sub("?…", str(text)))


def robot_configured(target: str) -> bool:
    return all(getattr(settings, name, "") for name in ROBOT_SETTINGS[target])


def dingtalk_sign(*, secret: str, timestamp_ms: int) -> str:
    """钉钉's `sign` query value for `timestamp_ms`, already URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(*, secret: str, timestamp: int) -> str:
    """飞书's `sign` body field for `timestamp` (seconds)."""
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class RobotMessage:
    title: str
    text: str  # Markdown
    link: str = ""

    def markdown(self) -> str:
        body = f"### {self.title}\n{self.text}"
        return body + (f"\n[查看详情]({self.link})" if self.link else "")

    def plain(self) -> str:
        text = re.sub(r"\*\*|`|^#+ ", "", self.text, flags=re.M)
        return f"{self.title}\n{text}" + (f"\n{self.link}" if self.link else "")


def _clip(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[: max_bytes - 3].decode("utf-8", "ignore") + "…"


def robot_send(*, target: str, message: RobotMessage, timeout: float = 10.0) -> None:
    """Post `message` to the robot `target` (wecom, dingtalk, feishu); raises RobotError."""
    label = LABELS[target]
    if target == WECOM:
        base = settings.NOTIFY_WECOM_API_BASE.rstrip("/")
        url = f"{base}/cgi-bin/webhook/send?key={urllib.parse.quote(settings.NOTIFY_WECOM_KEY)}"
        body = {"msgtype": "markdown", "markdown": {"content": _clip(message.markdown(), WECOM_MAX_BYTES)}}
        code_key = "errcode"
    elif target == DINGTALK:
        base = settings.NOTIFY_DINGTALK_API_BASE.rstrip("/")
        timestamp = int(time.time() * 1000)
        sign = dingtalk_sign(secret=settings.NOTIFY_DINGTALK_SECRET, timestamp_ms=timestamp)
        token = urllib.parse.quote(settings.NOTIFY_DINGTALK_TOKEN)
        url = f"{base}/robot/send?access_token={token}&timestamp={timestamp}&sign={sign}"
        body = {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.markdown()}}
        code_key = "errcode"
    elif target == FEISHU:
        base = settings.NOTIFY_FEISHU_API_BASE.rstrip("/")
        timestamp = int(time.time())
        url = f"{base}/open-apis/bot/v2/hook/{urllib.parse.quote(settings.NOTIFY_FEISHU_HOOK)}"
        body = {"timestamp": str(timestamp), "sign": feishu_sign(secret=settings.NOTIFY_FEISHU_SECRET, timestamp=timestamp),
                "msg_type": "text", "content": {"text": message.plain()}}
        code_key = "code"
    else:
        raise ValueError(f"unknown robot {target!r}")
    try:
        response = httpx.post(url, content=json.dumps(body, ensure_ascii=False).encode(), timeout=timeout,
                              headers={"Content-Type": "application/json; charset=utf-8"})
    except httpx.HTTPError as error:
        raise RobotError(f"无法连接{label}（{type(error).__name__}）。", transient=True) from None
    if response.status_code == 429:
        raise RobotError(f"{label}限流（HTTP 429）。", rate_limited=True)
    if response.status_code >= 500:
        raise RobotError(f"{label}暂时不可用（HTTP {response.status_code}）。", transient=True)
    try:
        answer = response.json()
    except ValueError:
        raise RobotError(f"{label}返回了无法解析的内容（HTTP {response.status_code}）。", transient=True) from None
    code = int(answer.get(code_key, answer.get("StatusCode", -1)) or 0) if isinstance(answer, dict) else -1
    if code == 0 and response.status_code < 300:
        return
    errmsg = redact(str(answer.get("errmsg") or answer.get("msg") or ""))[:200] if isinstance(answer, dict) else ""
    if code in RATE_LIMITED[target]:
        raise RobotError(f"{label}发送太频繁（{code}），稍后自动重发。", rate_limited=True)
    raise RobotError(f"{label}拒绝了消息（{code}：{errmsg}）。请运维检查机器人的地址、密钥和安全设置。")


class RedactQueryStrings(logging.Filter):
    """Log filter for httpx, which logs every request's full URL: the robots' keys (and any
    platform's access_token) sit in query strings, so they are cut before the record is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(arg) if isinstance(arg, str) or hasattr(arg, "query") else arg
                                for arg in (record.args if isinstance(record.args, tuple) else (record.args,)))
        record.msg = redact(record.msg) if isinstance(record.msg, str) else record.msg
        return True


_HTTPX_FILTER = RedactQueryStrings()
if _HTTPX_FILTER not in logging.getLogger("httpx").filters:
    logging.getLogger("httpx").addFilter(_HTTPX_FILTER)
