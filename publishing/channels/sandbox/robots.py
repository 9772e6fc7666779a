"""Local 企业微信, 钉钉 and 飞书 group robots that check signatures and limits as the platforms document.

- 企业微信 `POST /cgi-bin/webhook/send?key=…`: an unknown key answers 93000; msgtype text or
  markdown with content up to 4,096 bytes (40058 beyond); more than 20 messages in a minute
  for one key answers 130101.
- 钉钉 `POST /robot/send?access_token=…&timestamp=<ms>&sign=…`: an unknown token 300001; a
  timestamp more than an hour away or a wrong sign (urlencoded base64 HMAC-SHA256 of
  "timestamp\\nsecret" keyed by the secret) 310000; more than 20 a minute 130101.
- 飞书 `POST /open-apis/bot/v2/hook/<id>`: `timestamp` (seconds) within an hour and `sign`
  (base64 HMAC-SHA256 keyed by "timestamp\\nsecret" of an empty message) in the body, else
  19021; more than 100 a minute 9499.

`received` lists the messages each robot accepted, in order.
"""

import base64
import hashlib
import hmac
import time

from .base import SandboxApp, SandboxRequest, SandboxResponse

WECOM_KEY = "sandbox-wecom-key-0001"
DINGTALK_TOKEN = "sandbox-dingtalk-token-0001"  # noqa: S105 - the fake platform's own test credentials
DINGTALK_SECRET = "SECsandbox-dingtalk-secret-0001"  # noqa: S105
FEISHU_HOOK = "sandbox-feishu-hook-0001"
FEISHU_SECRET = "sandbox-feishu-secret-0001"  # noqa: S105
LIMITS = {"wecom": 20, "dingtalk": 20, "feishu": 100}


class RobotsSandbox(SandboxApp):
    name = "robots"

    def __init__(self):
        super().__init__()
        self.routes = {
            "/cgi-bin/webhook/send": self.wecom,
            "/robot/send": self.dingtalk,
            f"/open-apis/bot/v2/hook/{FEISHU_HOOK}": self.feishu,
        }
        self._reset_data()

    def _reset_data(self) -> None:
        self.received: dict[str, list[dict]] = {"wecom": [], "dingtalk": [], "feishu": []}
        self.sent_at: dict[str, list[float]] = {"wecom": [], "dingtalk": [], "feishu": []}

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self._reset_data()

    def state(self) -> dict:
        with self.lock:
            return {**super().state(), "received": self.received}

    def _over_limit(self, robot: str) -> bool:
        now = time.time()
        recent = [at for at in self.sent_at[robot] if now - at < 60]
        self.sent_at[robot] = recent
        return len(recent) >= LIMITS[robot]

    def _accept(self, robot: str, message: dict) -> None:
        self.sent_at[robot].append(time.time())
        self.received[robot].append(message)

    def wecom(self, request: SandboxRequest) -> SandboxResponse:
        if request.query.get("key") != WECOM_KEY:
            return SandboxResponse(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
        data = request.json() or {}
        kind = data.get("msgtype")
        if kind not in ("text", "markdown") or not isinstance(data.get(kind), dict):
            return SandboxResponse(200, {"errcode": 40008, "errmsg": "invalid message type"})
        content = data[kind].get("content") or ""
        if len(content.encode("utf-8")) > 4096:
            return SandboxResponse(200, {"errcode": 40058, "errmsg": "content exceed max length 4096"})
        if self._over_limit("wecom"):
            return SandboxResponse(200, {"errcode": 130101, "errmsg": "send to chat failed, exceed limit"})
        self._accept("wecom", data)
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok"})

    def dingtalk(self, request: SandboxRequest) -> SandboxResponse:
        if request.query.get("access_token") != DINGTALK_TOKEN:
            return SandboxResponse(200, {"errcode": 300001, "errmsg": "token is not exist"})
        try:
            timestamp = int(request.query.get("timestamp", ""))
        except ValueError:
            return SandboxResponse(200, {"errcode": 310000, "errmsg": "sign not match, timestamp missing"})
        expected = base64.b64encode(hmac.new(DINGTALK_SECRET.encode(), f"{timestamp}\n{DINGTALK_SECRET}".encode(),
                                             hashlib.sha256).digest()).decode()
        # parse_qs already decoded the query once, as DingTalk's server does.
        sign = request.query.get("sign", "")
        if abs(time.time() * 1000 - timestamp) > 3600_000 or not hmac.compare_digest(sign, expected):
            return SandboxResponse(200, {"errcode": 310000, "errmsg": "sign not match"})
        data = request.json() or {}
        if data.get("msgtype") not in ("text", "markdown", "link", "actionCard"):
            return SandboxResponse(200, {"errcode": 40035, "errmsg": "缺少参数 msgtype"})
        if self._over_limit("dingtalk"):
            return SandboxResponse(200, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"})
        self._accept("dingtalk", data)
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok"})

    def feishu(self, request: SandboxRequest) -> SandboxResponse:
        data = request.json() or {}
        try:
            timestamp = int(data.get("timestamp", ""))
        except (TypeError, ValueError):
            return SandboxResponse(200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"})
        expected = base64.b64encode(hmac.new(f"{timestamp}\n{FEISHU_SECRET}".encode(), b"", hashlib.sha256).digest()).decode()
        if abs(time.time() - timestamp) > 3600 or not hmac.compare_digest(str(data.get("sign", "")), expected):
            return SandboxResponse(200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"})
        if data.get("msg_type") not in ("text", "post", "interactive", "image", "share_chat"):
            return SandboxResponse(200, {"code": 19002, "msg": "params error, msg_type need"})
        if self._over_limit("feishu"):
            return SandboxResponse(200, {"code": 9499, "msg": "too many request"})
        self._accept("feishu", data)
        return SandboxResponse(200, {"code": 0, "msg": "success", "data": {}})


def robots_environment(url: str) -> list[str]:
    """The NOTIFY_* variables that point the platform at a robots sandbox at `url`."""
    return [
        f"NOTIFY_WECOM_API_BASE={url}", f"NOTIFY_WECOM_KEY={WECOM_KEY}",
        f"NOTIFY_DINGTALK_API_BASE={url}", f"NOTIFY_DINGTALK_TOKEN={DINGTALK_TOKEN}",
        f"NOTIFY_DINGTALK_SECRET={DINGTALK_SECRET}",
        f"NOTIFY_FEISHU_API_BASE={url}", f"NOTIFY_FEISHU_HOOK={FEISHU_HOOK}", f"NOTIFY_FEISHU_SECRET={FEISHU_SECRET}",
    ]


__all__ = ["RobotsSandbox", "robots_environment"]
