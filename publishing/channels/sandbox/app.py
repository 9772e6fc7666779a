"""A local app backend that receives the platform's webhooks and checks each one as the app would.

Any POST path is the webhook endpoint (the demo uses /webhooks/jrcs). A request must have a
JSON body with `id`, `event` (page.published, page.updated, page.retracted) and `page.id`;
an `Idempotency-Key` header equal to the body's `id`; `X-Jrcs-Signature` = `sha256=` +
HMAC-SHA256(secret, body); and an `X-Jrcs-Timestamp` equal to the body's `timestamp` and
within five minutes.
Otherwise: 401 for a bad or stale signature, 400 for a bad body. A key seen before is
answered 200 `{"status": "duplicate"}` and not counted again.

This module verifies signatures on its own (it does not import the sending side), so the
tests check the contract, not the code against itself.
"""

import hashlib
import hmac
import time

from .base import SandboxApp, SandboxRequest, SandboxResponse

EVENTS = ("page.published", "page.updated", "page.retracted")
TOLERANCE_SECONDS = 300


class AppSandbox(SandboxApp):
    name = "app"

    def __init__(self, *, secret: str = "sandbox-webhook-secret"):  # noqa: S107 - the fake platform's own test credentials
        super().__init__()
        self.secret = secret
        self.events: list[dict] = []
        self.keys: set[str] = set()
        self.rejected: list[dict] = []

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.events.clear()
            self.keys.clear()
            self.rejected.clear()

    def state(self) -> dict:
        with self.lock:
            return {**super().state(), "events": self.events, "rejected": self.rejected}

    def handle(self, request: SandboxRequest) -> SandboxResponse | None:
        if not request.path.startswith("/_sandbox/") and request.method == "POST":
            self.routes.setdefault(request.path, self.receive)
        return super().handle(request)

    def _reject(self, status: int, reason: str, request: SandboxRequest) -> SandboxResponse:
        self.rejected.append({"status": status, "reason": reason, "path": request.path})
        return SandboxResponse(status, {"error": reason})

    def receive(self, request: SandboxRequest) -> SandboxResponse:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return self._reject(400, "content type must be application/json", request)
        timestamp = request.headers.get("x-jrcs-timestamp", "")
        signature = request.headers.get("x-jrcs-signature", "")
        try:
            sent = int(timestamp)
        except ValueError:
            return self._reject(401, "missing or malformed timestamp", request)
        if abs(time.time() - sent) > TOLERANCE_SECONDS:
            return self._reject(401, "stale timestamp", request)
        expected = "sha256=" + hmac.new(self.secret.encode(), request.body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return self._reject(401, "bad signature", request)
        body = request.json()
        if not isinstance(body, dict) or body.get("timestamp") != sent:
            return self._reject(401, "X-Jrcs-Timestamp differs from the signed body's timestamp", request)
        if not isinstance(body, dict) or body.get("event") not in EVENTS or not body.get("id"):
            return self._reject(400, "body needs id and a known event", request)
        if not isinstance(body.get("page"), dict) or not body["page"].get("id"):
            return self._reject(400, "body needs page.id", request)
        key = request.headers.get("idempotency-key", "")
        if key != body["id"]:
            return self._reject(400, "Idempotency-Key must equal the body's id", request)
        if key in self.keys:
            return SandboxResponse(200, {"status": "duplicate"})
        self.keys.add(key)
        self.events.append({"key": key, "event": body["event"], "page": body["page"], "received_at": time.time()})
        return SandboxResponse(200, {"status": "ok"})
