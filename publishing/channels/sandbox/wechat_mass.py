"""The WeChat sandbox's 群发 and preview calls: message/mass/sendall, get, delete and preview.

As WeChat documents them: `sendall` needs `filter.is_to_all`, `msgtype` "mpnews" and the
`media_id` of an existing draft (40007 otherwise); a `clientmsgid` longer than 64 bytes is
refused (47001). A repeat `clientmsgid` within a minute of the first answers 45066 (nothing
sent); later, within 24 hours, 45065 with the first send's `msg_id`. The quota: a 订阅号
(`account_type = "subscription"`) one mass send a day, a 服务号 four a month (45028 when used
up). A send stays SENDING for `mass_after_polls` polls of `get`, then ends in
`mass_final_status` (SEND_SUCCESS by default); with `mass_protection` on it stays SENDING
until `confirm_mass(msg_id)` (the admin on the phone) or 30 minutes pass (then SEND_FAIL).
`delete` withdraws a SEND_SUCCESS send. `preview` sends a draft to a follower's WeChat ID
(`towxname`) or openid (`touser`): a stranger answers 43004, more than 100 a day 45009.

`advance(seconds)` moves the sandbox's clock on, for tests of the 1-minute and 24-hour rules.
`mass_finished_event(msg_id, token=…)` ends a send and gives the signed MASSSENDJOBFINISH
request WeChat then posts to the account's callback URL (query parameters and XML body).
"""

import datetime
import hashlib
import itertools
import secrets
import time

from .base import SandboxRequest, SandboxResponse

CLIENTMSGID_MAX_BYTES = 64
DEDUP_SECONDS = 24 * 3600
REPEAT_SPACING_SECONDS = 60
PROTECTION_SECONDS = 30 * 60
PREVIEW_DAILY_LIMIT = 100
SUBSCRIPTION_DAILY_QUOTA = 1
SERVICE_MONTHLY_QUOTA = 4
MASS_ERRMSG = {
    43004: "require subscribe",
    45028: "has no masssend quota",
    45065: "clientmsgid exist",
    45066: "same clientmsgid retry too fast",
}


class MassSendMixin:
    """Adds the mass-send routes and state to the WeChat sandbox (which provides tokens and drafts)."""

    def _mass_init(self) -> None:
        self._msg_ids = itertools.count(1000000001)
        self.account_type = "subscription"
        self.mass_after_polls = 1
        self.mass_final_status = "SEND_SUCCESS"
        self.mass_protection = False
        self.followers_wxnames = {"jrcs_tester", "marketing_lee"}
        self.followers_openids = {"oSBX_tester_openid_0001"}
        self.routes.update({
            "/cgi-bin/message/mass/sendall": self.mass_sendall,
            "/cgi-bin/message/mass/get": self.mass_get,
            "/cgi-bin/message/mass/delete": self.mass_delete,
            "/cgi-bin/message/mass/preview": self.mass_preview,
        })
        self._mass_reset()

    def _mass_reset(self) -> None:
        self.clock_offset = 0.0
        self.mass_sends: dict[str, dict] = {}
        self.clientmsgids: dict[str, str] = {}
        self.previews: list[dict] = []

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass on the sandbox's clock."""
        with self.lock:
            self.clock_offset += seconds

    def confirm_mass(self, msg_id: str) -> None:
        """The account's admin confirms a protected mass send on the phone."""
        with self.lock:
            self.mass_sends[str(msg_id)]["confirmed"] = True

    def _mass_error(self, code: int, **extra) -> SandboxResponse:
        return SandboxResponse(200, {"errcode": code, "errmsg": MASS_ERRMSG.get(code, "error"), **extra})

    def _sent_in_quota_window(self) -> int:
        now = datetime.datetime.fromtimestamp(self.now(), tz=datetime.timezone(datetime.timedelta(hours=8)))
        count = 0
        for send in self.mass_sends.values():
            at = datetime.datetime.fromtimestamp(send["created"], tz=now.tzinfo)
            same = at.date() == now.date() if self.account_type == "subscription" else (at.year, at.month) == (
                now.year, now.month)
            count += same
        return count

    def mass_sendall(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json()
        if not isinstance(data, dict) or not isinstance((data.get("filter") or {}).get("is_to_all"), bool):
            return self.error_response(47001)
        if data.get("msgtype") != "mpnews" or data.get("send_ignore_reprint", 0) not in (0, 1):
            return self.error_response(47001)
        media_id = (data.get("mpnews") or {}).get("media_id")
        if media_id not in self.drafts:
            return self.error_response(40007)
        clientmsgid = data.get("clientmsgid")
        if clientmsgid is not None and (not isinstance(clientmsgid, str)
                                        or len(clientmsgid.encode("utf-8")) > CLIENTMSGID_MAX_BYTES):
            return self.error_response(47001)
        now = self.now()
        if clientmsgid and clientmsgid in self.clientmsgids:
            first = self.mass_sends[self.clientmsgids[clientmsgid]]
            if now - first["created"] < REPEAT_SPACING_SECONDS:
                return self._mass_error(45066)
            if now - first["created"] < DEDUP_SECONDS:
                return self._mass_error(45065, msg_id=int(first["msg_id"]))
        quota = SUBSCRIPTION_DAILY_QUOTA if self.account_type == "subscription" else SERVICE_MONTHLY_QUOTA
        if self._sent_in_quota_window() >= quota:
            return self._mass_error(45028)
        msg_id = str(next(self._msg_ids))
        msg_data_id = str(int(msg_id) + 2_000_000_000)
        self.mass_sends[msg_id] = {
            "msg_id": msg_id, "msg_data_id": msg_data_id, "media_id": media_id, "clientmsgid": clientmsgid,
            "created": now, "polls": 0, "status": "SENDING", "confirmed": False,
            "articles": self.drafts[media_id]["articles"],
        }
        if clientmsgid:
            self.clientmsgids[clientmsgid] = msg_id
        return SandboxResponse(200, {"errcode": 0, "errmsg": "send job submission success", "msg_id": int(msg_id),
                                     "msg_data_id": int(msg_data_id)})

    def mass_get(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        send = self.mass_sends.get(str((request.json() or {}).get("msg_id")))
        if send is None:
            return self.error_response(40007)
        send["polls"] += 1
        if send["status"] == "SENDING":
            if self.mass_protection and not send["confirmed"]:
                if self.now() - send["created"] >= PROTECTION_SECONDS:
                    send["status"] = "SEND_FAIL"
            elif send["polls"] > self.mass_after_polls:
                send["status"] = self.mass_final_status
        return SandboxResponse(200, {"msg_id": int(send["msg_id"]), "msg_status": send["status"]})

    def mass_delete(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        send = self.mass_sends.get(str(data.get("msg_id")))
        if send is None or send["status"] != "SEND_SUCCESS":
            return self.error_response(40007)
        if int(data.get("article_idx", 0)) not in range(0, len(send["articles"]) + 1):
            return self.error_response(47001)
        send["status"] = "DELETE"
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok"})

    def mass_preview(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        if data.get("msgtype") != "mpnews":
            return self.error_response(47001)
        if (data.get("mpnews") or {}).get("media_id") not in self.drafts:
            return self.error_response(40007)
        wxname, openid = data.get("towxname"), data.get("touser")
        if not wxname and not openid:
            return self.error_response(47001)
        if (wxname and wxname not in self.followers_wxnames) or (not wxname and openid not in self.followers_openids):
            return self._mass_error(43004)
        today = [p for p in self.previews if self.now() - p["at"] < 24 * 3600]
        if len(today) >= PREVIEW_DAILY_LIMIT:
            return self.error_response(45009)
        msg_id = str(next(self._msg_ids))
        self.previews.append({"to": wxname or openid, "media_id": data["mpnews"]["media_id"], "at": self.now(),
                              "msg_id": msg_id})
        return SandboxResponse(200, {"errcode": 0, "errmsg": "preview success", "msg_id": int(msg_id)})

    def mass_finished_event(self, msg_id: str, *, token: str, status: str = "send success", followers: int = 1200,
                            errors: int = 0) -> tuple[dict, bytes]:
        """End the send `msg_id` (SEND_SUCCESS unless `status` says otherwise) and return WeChat's
        callback request for it: (signed query parameters, XML body), as the 公众平台 posts them."""
        with self.lock:
            send = self.mass_sends[str(msg_id)]
            send["status"] = "SEND_SUCCESS" if status == "send success" else "SEND_FAIL"
        timestamp, nonce = str(int(self.now())), secrets.token_hex(5)
        signature = hashlib.sha1("".join(sorted((token, timestamp, nonce))).encode()).hexdigest()  # noqa: S324
        body = (
            "<xml><ToUserName><![CDATA[gh_sandbox]]></ToUserName><FromUserName><![CDATA[oSBX_system]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>{int(msg_id)}</MsgID>"
            f"<Status><![CDATA[{status}]]></Status><TotalCount>{followers}</TotalCount>"
            f"<FilterCount>{followers}</FilterCount><SentCount>{followers - errors}</SentCount>"
            f"<ErrorCount>{errors}</ErrorCount></xml>"
        ).encode()
        return {"signature": signature, "timestamp": timestamp, "nonce": nonce}, body
