"""The machinery every sandbox server shares: a loopback HTTP server, request parsing, injected faults.

A sandbox is a `SandboxApp` subclass whose `routes` map a path to a method taking a
`SandboxRequest` and returning a `SandboxResponse`. `SandboxServer` serves it on
127.0.0.1 (only) in a background thread, for tests, or in the foreground, for the demo.

Faults are injected per path, through `app.inject(...)` in tests or `POST /_sandbox/faults`
from the command line, and consumed by the requests they match:

- `delay` (seconds): wait, then answer normally (longer than the client's timeout, it is
  the timeout a real platform causes: the work is done but the answer is lost);
- `drop` (seconds): wait, then close the connection without doing anything;
- `http` (status): answer with that HTTP status and do nothing;
- `error` (code): answer with the platform's own error body for that code and do nothing;
- `expire_token`: the platform's current token expires before the request is handled.

`GET /_sandbox/state` shows what the server holds; `POST /_sandbox/reset` forgets it.
"""

import json
import logging
import selectors
import socket
import threading
import time
from dataclasses import asdict, dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
FAULT_KINDS = ("delay", "drop", "http", "error", "expire_token")


@dataclass
class Fault:
    """One injected fault: `kind` on requests to `path` ("*" for any), `times` times (0: until cleared)."""

    path: str
    kind: str
    value: float = 0
    times: int = 1
    used: int = 0

    def matches(self, path: str) -> bool:
        return self.path in ("*", path)


@dataclass
class Part:
    """One part of a multipart/form-data body."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class SandboxRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self):
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def multipart(self) -> dict[str, Part]:
        """The parts of a multipart/form-data body by field name ({} when the body is not multipart)."""
        content_type = self.headers.get("content-type", "")
        if not content_type.startswith("multipart/form-data"):
            return {}
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + self.body
        )
        parts = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                parts[name] = Part(
                    name=name,
                    filename=part.get_filename(),
                    content_type=part.get_content_type(),
                    data=part.get_payload(decode=True) or b"",
                )
        return parts


@dataclass
class SandboxResponse:
    status: int = 200
    body: object = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class SandboxApp:
    """A fake platform: routes, state under one lock, a log of requests and the injected faults."""

    name = "sandbox"

    def __init__(self):
        self.lock = threading.RLock()
        self.faults: list[Fault] = []
        self.calls: dict[str, int] = {}
        self.log: list[dict] = []
        self.routes = {}

    # Faults

    def inject(self, *, path: str, kind: str, value: float = 0, times: int = 1) -> Fault:
        """Add a fault (see the module docstring); returns it."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS}")
        fault = Fault(path=path, kind=kind, value=value, times=times)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(path):
                    fault.used += 1
                    if fault.times and fault.used >= fault.times:
                        self.faults.remove(fault)
                    return fault
        return None

    # Hooks for subclasses

    def error_response(self, code: int, message: str) -> SandboxResponse:
        """The platform's error body for `code`."""
        return SandboxResponse(200, {"error": code, "message": message})

    def expire_token(self) -> None:
        """Expire the current token (platforms with tokens override this)."""

    def state(self) -> dict:
        """What the server holds, for tests and `GET /_sandbox/state`."""
        with self.lock:
            return {"calls": dict(self.calls), "faults": [asdict(f) for f in self.faults]}

    def reset(self) -> None:
        with self.lock:
            self.faults.clear()
            self.calls.clear()
            self.log.clear()

    # Dispatch

    def handle(self, request: SandboxRequest) -> SandboxResponse | None:
        """Answer `request`; None means: close the connection without an answer."""
        if request.path.startswith("/_sandbox/"):
            return self._control(request)
        with self.lock:
            self.calls[request.path] = self.calls.get(request.path, 0) + 1
            self.log.append({"method": request.method, "path": request.path, "query": request.query, "at": time.time()})
        fault = self._take_fault(request.path)
        if fault is not None:
            logger.info("%s sandbox: fault %s(%s) on %s", self.name, fault.kind, fault.value, request.path)
            if fault.kind == "drop":
                time.sleep(fault.value)
                return None
            if fault.kind == "delay":
                time.sleep(fault.value)
            elif fault.kind == "http":
                return SandboxResponse(int(fault.value), {"message": HTTPStatus(int(fault.value)).phrase})
            elif fault.kind == "error":
                return self.error_response(int(fault.value), "injected fault")
            elif fault.kind == "expire_token":
                self.expire_token()
        route = self.routes.get(request.path)
        if route is None:
            return SandboxResponse(404, {"message": f"no such endpoint: {request.path}"})
        if request.method != "POST":
            return SandboxResponse(405, {"message": "POST only"})
        with self.lock:
            return route(request)

    def _control(self, request: SandboxRequest) -> SandboxResponse:
        if request.path == "/_sandbox/state":
            return SandboxResponse(200, self.state())
        if request.path == "/_sandbox/reset" and request.method == "POST":
            self.reset()
            return SandboxResponse(200, {"reset": True})
        if request.path == "/_sandbox/faults" and request.method == "POST":
            data = request.json() or {}
            try:
                fault = self.inject(
                    path=data["path"], kind=data["kind"], value=float(data.get("value", 0)), times=int(data.get("times", 1))
                )
            except (KeyError, ValueError) as error:
                return SandboxResponse(400, {"message": str(error)})
            return SandboxResponse(200, asdict(fault))
        if request.path == "/_sandbox/faults" and request.method == "DELETE":
            self.clear_faults()
            return SandboxResponse(200, {"cleared": True})
        return SandboxResponse(404, {"message": "unknown control endpoint"})


def _handler_for(app: SandboxApp):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = f"jrcs-sandbox-{app.name}"

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            request = SandboxRequest(
                method=self.command,
                path=url.path,
                query={key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()},
                headers={key.lower(): value for key, value in self.headers.items()},
                body=body,
            )
            try:
                response = app.handle(request)
            except Exception:
                logger.exception("%s sandbox failed on %s", app.name, url.path)
                response = SandboxResponse(500, {"message": "sandbox error"})
            if response is None:
                self.close_connection = True
                return
            payload = json.dumps(response.body, ensure_ascii=False).encode("utf-8")
            self.send_response(response.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up waiting (an injected delay longer than its timeout).
                logger.info("%s sandbox: client left before the answer to %s", app.name, url.path)

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            logger.debug("%s sandbox: " + format, app.name, *args)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        logger.info("sandbox: connection from %s ended abruptly", client_address)

    def serve_until_woken(self, wake: socket.socket) -> None:
        """Serve until `wake` becomes readable: stop() takes no poll interval (serve_forever polls every 0.5 s).

        The loop is socketserver's own (`_handle_request_noblock`, `service_actions`), with the
        wake-up socket watched beside the listening one.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while True:
                ready = {key.fileobj for key, _events in selector.select()}
                if wake in ready:
                    return
                self._handle_request_noblock()
                self.service_actions()


class SandboxServer:
    """Serve a SandboxApp on 127.0.0.1; `url` is its base URL once started."""

    def __init__(self, app: SandboxApp, *, port: int = 0, host: str = LOOPBACK):
        if host not in (LOOPBACK, "localhost"):
            raise ValueError("sandbox servers listen on 127.0.0.1 only")
        self.app = app
        self.httpd = _QuietServer((LOOPBACK, port), _handler_for(app))
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None
        self._wake_reader, self._wake_writer = socket.socketpair()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "SandboxServer":
        """Serve in a background thread (tests); returns self."""
        self.thread = threading.Thread(
            target=self.httpd.serve_until_woken, args=(self._wake_reader,), name=f"sandbox-{self.app.name}", daemon=True
        )
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until stop() (the command-line sandbox)."""
        self.httpd.serve_until_woken(self._wake_reader)

    def stop(self) -> None:
        """Stop at once: wake the serving loop, wait for the thread start() made, close the sockets."""
        if self._wake_writer.fileno() == -1:
            return  # stopped already
        self._wake_writer.send(b"\0")
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.httpd.server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
