"""What WeChat sends to the account's callback URL (服务器配置): its signature and its event XML.

WeChat signs every GET and POST with `signature = sha1(sorted(token, timestamp, nonce))` and
checks the URL once with a GET whose `echostr` must be echoed. Events come as XML in the
body. The platform reads only the events it acts on (`MASSSENDJOBFINISH`, the end of a
群发 with its counts) and answers everything else with "success", so WeChat does not retry.

The XML is parsed with defusedxml (no entities, no external references: a body from the
internet may be hostile) and only when the signature holds and the timestamp is recent. Only
明文模式 and 兼容模式 are read: in 安全模式 the fields are encrypted and the event is ignored.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

MAX_BODY_BYTES = 64 * 1024
# WeChat's timestamp and ours may differ a little; a replay of an old request is refused.
MAX_SKEW_SECONDS = 300
MASS_FINISHED = "MASSSENDJOBFINISH"


class CallbackRefused(Exception):
    """A request that is not WeChat's (bad signature, stale, too large or not XML)."""


def callback_signature(*, token: str, timestamp: str, nonce: str) -> str:
    """WeChat's signature of a callback request.

    >>> callback_signature(token="t", timestamp="1", nonce="n")
    '398bfe7627050416ec030766223864d8e756c09e'
    """
    return hashlib.sha1("".join(sorted((token, timestamp, nonce))).encode()).hexdigest()  # noqa: S324 - WeChat's scheme


def callback_verify(*, token: str, signature: str, timestamp: str, nonce: str, now: float | None = None) -> None:
    """Raise CallbackRefused unless WeChat signed this request with `token` within the last few minutes."""
    if not (token and signature and timestamp.isdigit() and nonce):
        raise CallbackRefused("missing signature fields")
    expected = callback_signature(token=token, timestamp=timestamp, nonce=nonce)
    if not hmac.compare_digest(expected, signature.lower()):
        raise CallbackRefused("bad signature")
    if abs((now if now is not None else time.time()) - int(timestamp)) > MAX_SKEW_SECONDS:
        raise CallbackRefused("stale timestamp")


@dataclass(frozen=True)
class MassFinished:
    """The end of a 群发: WeChat's status text and its counts (of followers aimed at, sent, failed)."""

    msg_id: str
    status: str
    total: int
    filtered: int
    sent: int
    errors: int

    @property
    def succeeded(self) -> bool:
        return self.status == "send success"


def _number(root, tag: str) -> int:
    text = (root.findtext(tag) or "").strip()
    return int(text) if text.isdigit() else 0


def event_parse(body: bytes) -> MassFinished | None:
    """The 群发 result in a callback body, or None for any other message or event.

    Raises CallbackRefused for a body that is too large or is not well-formed, safe XML.
    """
    if len(body) > MAX_BODY_BYTES:
        raise CallbackRefused("body too large")
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise CallbackRefused("not well-formed XML") from error
    if (root.findtext("MsgType") or "").strip() != "event" or (root.findtext("Event") or "").strip() != MASS_FINISHED:
        return None
    msg_id = (root.findtext("MsgID") or root.findtext("MsgId") or "").strip()
    if not msg_id.isdigit():
        return None
    return MassFinished(msg_id=msg_id, status=(root.findtext("Status") or "").strip()[:64],
                        total=_number(root, "TotalCount"), filtered=_number(root, "FilterCount"),
                        sent=_number(root, "SentCount"), errors=_number(root, "ErrorCount"))
