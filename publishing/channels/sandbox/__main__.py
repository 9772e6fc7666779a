"""Run the sandbox platforms as processes, or inject faults into running ones.

    python -m publishing.channels.sandbox wechat --port 9101
    python -m publishing.channels.sandbox douyin --port 9102
    python -m publishing.channels.sandbox app --port 9103
    python -m publishing.channels.sandbox robots --port 9104   # 企业微信, 钉钉 and 飞书 group robots
    python -m publishing.channels.sandbox all            # the four on 9101, 9102, 9103, 9104
    python -m publishing.channels.sandbox fault --url http://127.0.0.1:9101 --path /cgi-bin/draft/add --kind error --value 53503
    python -m publishing.channels.sandbox clear --url http://127.0.0.1:9101
    python -m publishing.channels.sandbox state --url http://127.0.0.1:9101

The credentials each server accepts are printed at start, as the environment variables to
give the platform (WECHAT_APP_ID, WECHAT_API_BASE, …).
"""

import argparse
import json
import logging
import sys
import threading
import urllib.request

from core import redaction

from .app import AppSandbox
from .base import FAULT_KINDS, SandboxServer
from .douyin import DouyinSandbox
from .robots import RobotsSandbox, robots_environment
from .wechat import WechatSandbox

DEFAULT_PORTS = {"wechat": 9101, "douyin": 9102, "app": 9103, "robots": 9104}


def _environment(kind: str, app, url: str) -> list[str]:
    if kind == "wechat":
        return [f"WECHAT_API_BASE={url}", f"WECHAT_APP_ID={app.app_id}", f"WECHAT_APP_SECRET={app.secret}"]
    if kind == "douyin":
        return [
            f"DOUYIN_API_BASE={url}", "DOUYIN_CLIENT_KEY=sandbox-client-key",
            f"DOUYIN_ACCESS_TOKEN={app.access_token}", f"DOUYIN_OPEN_ID={app.open_id}",
        ]
    if kind == "robots":
        return robots_environment(url)
    return [f"APP_WEBHOOK_URL={url}/webhooks/jrcs", f"APP_WEBHOOK_SECRET={app.secret}"]


def _make(kind: str):
    return {"wechat": WechatSandbox, "douyin": DouyinSandbox, "app": AppSandbox, "robots": RobotsSandbox}[kind]()


def _serve(kinds: list[str], port: int | None) -> None:
    servers = []
    for kind in kinds:
        app = _make(kind)
        server = SandboxServer(app, port=port if port and len(kinds) == 1 else DEFAULT_PORTS[kind])
        servers.append(server)
        sys.stdout.write(f"{kind} sandbox listening on {server.url}\n")
        for line in _environment(kind, app, server.url):
            sys.stdout.write(f"  {line}\n")
    sys.stdout.flush()
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in servers]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        for server in servers:
            server.stop()


def _control(url: str, path: str, *, method: str = "GET", payload: dict | None = None) -> dict:
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("sandbox control URLs must be http://127.0.0.1:<port>")
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback only, checked above
        url.rstrip("/") + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m publishing.channels.sandbox", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for kind in ("wechat", "douyin", "app", "robots", "all"):
        serve = commands.add_parser(kind, help=f"serve the {kind} sandbox")
        serve.add_argument("--port", type=int, default=None)
    fault = commands.add_parser("fault", help="inject a fault into a running sandbox")
    fault.add_argument("--url", required=True)
    fault.add_argument("--path", required=True, help='the endpoint path, e.g. /cgi-bin/draft/add, or "*"')
    fault.add_argument("--kind", required=True, choices=FAULT_KINDS)
    fault.add_argument("--value", type=float, default=0, help="seconds, HTTP status or error code")
    fault.add_argument("--times", type=int, default=1, help="how many requests it hits (0: until cleared)")
    for name in ("clear", "state", "reset"):
        command = commands.add_parser(name, help=f"{name} a running sandbox")
        command.add_argument("--url", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    # Request lines carry the tokens clients send; a sandbox's log keeps them out as ours does.
    redaction.install()

    if args.command in ("wechat", "douyin", "app", "robots"):
        _serve([args.command], args.port)
    elif args.command == "all":
        _serve(["wechat", "douyin", "app", "robots"], None)
    elif args.command == "fault":
        result = _control(args.url, "/_sandbox/faults", method="POST", payload={
            "path": args.path, "kind": args.kind, "value": args.value, "times": args.times,
        })
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    elif args.command == "clear":
        sys.stdout.write(json.dumps(_control(args.url, "/_sandbox/faults", method="DELETE"), ensure_ascii=False) + "\n")
    elif args.command == "reset":
        sys.stdout.write(json.dumps(_control(args.url, "/_sandbox/reset", method="POST", payload={}), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(_control(args.url, "/_sandbox/state"), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
