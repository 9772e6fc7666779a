"""Benchmark of the 消保专线: accepting requests under 32 concurrent submitters, and the agents'
queue with 100,000 requests, on PostgreSQL behind gunicorn as production runs it.

    .venv/bin/python benchmarks/desk.py                       # about three minutes
    .venv/bin/python benchmarks/desk.py --rows 20000 --port 8161

What it does:
1. creates (or empties) the PostgreSQL database `jrcs_deskbench` on 127.0.0.1:5432 and migrates it
   with `cms.settings.production` and throwaway keys;
2. starts gunicorn with gunicorn.conf.py on 127.0.0.1:PORT (Redis for the cache when --redis
   is given), with TRUSTED_PROXY_COUNT=1 so each simulated reader has its own X-Forwarded-For
   address (the rate limit stays on, as in production);
3. 32 submitters POST /api/desk/requests/ (a) each as fast as the server answers (closed loop:
   the server's capacity, latency is mostly queueing) and (b) each about once a second, at
   random (open loop: 32 readers typing at once), and prints requests/s and latency percentiles;
4. inserts ROWS requests (default 100,000: encrypted like real ones, spread over a year, a tenth
   still open) and times the queue as an agent sees it: the first page, filters, a deep page.

Every loop is bounded in count and time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
DATABASE = "jrcs_deskbench"
TEXTS = [
    "借款合同写的年化利率和实际扣的服务费对不上，多扣了担保费，请核实退还。",
    "催收人员天天打电话给我家人，还说要爆通讯录，请处理。",
    "征信报告上有一条逾期记录不是我的，怎么提出征信异议？",
    "网上刷单返利被骗了三千元，对方已经拉黑我，怎么办？",
    "希望页面字体再大一点，老人看不清。",
]
KINDS = ["complaint", "complaint", "consultation", "fraud_report", "suggestion"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def environment(args) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        PUBLIC_BASE_URL="https://bench.example.com",
        SECRET_KEY=secrets.token_hex(32),
        DESK_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DESK_LOOKUP_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXY_COUNT="1",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on 127.0.0.1, as behind the TLS proxy
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{args.port}",
        LOG_LEVEL="WARNING",
        PORT=str(args.port),
        PYTHONPATH=str(REPO),
        DESK_PRIVATE_ROOT=str(REPO / "var" / "deskbench-private"),
    )
    if args.redis:
        env.update(REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"deskbench{os.getpid()}")
    return env


def database_reset() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def manage(env: dict, *command: str) -> None:
    completed = subprocess.run([str(PYTHON), "manage.py", *command], cwd=REPO, env=env, capture_output=True, text=True)  # noqa: S603
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"manage.py {command[0]} failed")


class Server:
    def __init__(self, env: dict, port: int):
        self.env, self.port = env, port
        self.log = REPO / "var" / f"deskbench-gunicorn-{port}.log"

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.log, "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py"], cwd=REPO, env=self.env, stdout=self.handle, stderr=self.handle)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/xiaobao/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.handle.close()


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of gunicorn's master and workers so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid] + [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for process in pids:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def submitter(port: int, index: int, *, count: int, pace: float | None, until: float, results: list, errors: list) -> None:
    """POST `count` requests from one simulated reader; `pace` is the mean seconds between them (None: no pause)."""
    rng = random.Random(index)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for number in range(count):
        if time.monotonic() > until:
            break
        if pace:
            time.sleep(rng.expovariate(1 / pace))
        body = json.dumps({
            "kind": rng.choice(KINDS), "text": rng.choice(TEXTS) + f"（第 {number} 次）", "phone": f"139{rng.randrange(10**8):08d}",
            "name": "王先生", "consent": True,
        })
        headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.{index}.{number // 250}.{number % 250 + 1}"}
        if pace:  # after a pause the server may have closed the kept-alive connection (gunicorn keepalive = 5 s)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.connect()
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/desk/requests/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(repr(error))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        if response.status == 201:
            results.append(elapsed)
        else:
            errors.append(str(response.status))


def load(port: int, *, clients: int, count: int, pace: float | None, seconds: float, server_pid: int | None = None) -> dict:
    cpu_before = server_cpu_seconds(server_pid) if server_pid else 0.0
    results: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=submitter, args=(port, index), kwargs={"count": count, "pace": pace, "until": until, "results": results, "errors": errors})
        for index in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = server_cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    return {
        "server_cpu_ms_per_request": round(cpu * 1000 / max(len(results) + len(errors), 1), 2),
        "accepted": len(results), "errors": len(errors), "error_kinds": sorted(set(errors))[:5],
        "per_second": round(len(results) / wall, 1),
        "p50_ms": round(percentile(results, 0.50) * 1000, 1) if results else None,
        "p95_ms": round(percentile(results, 0.95) * 1000, 1) if results else None,
        "p99_ms": round(percentile(results, 0.99) * 1000, 1) if results else None,
    }


def seed_rows(env: dict, rows: int) -> float:
    """Insert `rows` requests through the ORM (encrypted values, real hashes) in one subprocess."""
    code = f"""
import datetime, random, django
django.setup()
from django.utils import timezone
from content.desk import crypto, deadlines
from content.desk.models import DeskRequest
rng = random.Random(7)
now = timezone.now()
texts = {TEXTS!r}
kinds = {KINDS!r}
batch = []
for index in range({rows}):
    received = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
    phone = f"139{{rng.randrange(10**8):08d}}"
    finished = rng.random() > 0.1
    batch.append(DeskRequest(
        number=f"XB{{deadlines.shanghai_date(received):%Y%m%d}}-B{{index:07d}}", kind=rng.choice(kinds),
        status="closed" if finished else rng.choice(["new", "assigned", "waiting"]),
        category=rng.choice(["collection", "rates_fees", "credit_dispute", "fraud_help", "service", "other"]),
        urgent=rng.random() < 0.02, text=rng.choice(texts), name="王先生", phone=phone,
        phone_hash=crypto.lookup_hash(phone, purpose="phone"), phone_last4_hash=crypto.lookup_hash(phone[-4:], purpose="phone_last4"),
        consent=True, received_at=received, due_date=deadlines.due_date(received),
        answered_at=received + datetime.timedelta(days=rng.randrange(1, 20)) if finished else None,
        closed_at=received + datetime.timedelta(days=20) if finished else None,
        keywords={{"words": ["利率", "服务费"], "phrases": []}},
    ))
    if len(batch) == 2000:
        DeskRequest.objects.bulk_create(batch)
        batch = []
DeskRequest.objects.bulk_create(batch)
"""
    started = time.perf_counter()
    subprocess.run([str(PYTHON), "-c", code], cwd=REPO, env=env, check=True)  # noqa: S603
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE desk_deskrequest')")
    return time.perf_counter() - started


def agent_session(port: int, env: dict) -> str:
    password = secrets.token_urlsafe(16)
    manage(env, "shell", "-c", (
        "from django.contrib.auth.models import User, Group; "
        f"u, _ = User.objects.get_or_create(username='benchagent'); u.set_password({password!r}); u.save(); "
        "u.groups.add(Group.objects.get(name='客服专员'))"
    ))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/admin/login/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = f"csrfmiddlewaretoken={token}&username=benchagent&password={password}&next=/admin/"
    connection.request("POST", "/admin/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}",
        "Referer": f"http://127.0.0.1:{port}/admin/login/", "Origin": f"http://127.0.0.1:{port}",
    })
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    if not session:
        raise SystemExit("could not log in as the benchmark agent")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def time_view(port: int, cookie: str, path: str, repeat: int, server_pid: int | None = None) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cpu_before = server_cpu_seconds(server_pid) if server_pid else 0.0
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    cpu = server_cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    return {"median_ms": round(statistics.median(timings) * 1000, 1), "max_ms": round(max(timings) * 1000, 1),
            "server_cpu_ms": round(cpu * 1000 / repeat, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8161)
    parser.add_argument("--rows", type=int, default=100_000, help="requests in the database for the queue timing")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=60, help="submissions per client in the closed loop")
    parser.add_argument("--redis", default="", help="REDIS_URL for the cache (e.g. redis://127.0.0.1:6379/9)")
    args = parser.parse_args()
    env = environment(args)
    database_reset()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    print(f"PostgreSQL database {DATABASE} migrated; gunicorn on 127.0.0.1:{args.port}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with Server(env, args.port) as server:
        pid = server.process.pid
        load(args.port, clients=4, count=10, pace=None, seconds=30)  # warm-up: imports, connections
        closed = load(args.port, clients=args.clients, count=args.per_client, pace=None, seconds=120, server_pid=pid)
        print(f"{args.clients} submitters, closed loop (as fast as answered): {json.dumps(closed, ensure_ascii=False)}")
        steady = load(args.port, clients=args.clients, count=30, pace=1.0, seconds=60, server_pid=pid)
        print(f"{args.clients} submitters, ~1 submission/s each (open loop): {json.dumps(steady, ensure_ascii=False)}")
    seconds = seed_rows(env, args.rows)
    print(f"inserted {args.rows:,} requests in {seconds:.0f} s; load average {os.getloadavg()[0]:.1f}")
    with Server(env, args.port) as server:
        cookie = agent_session(args.port, env)
        for label, path in [
            ("queue, first page (open, urgent first, by due date)", "/admin/desk/"),
            ("queue, overdue filter", "/admin/desk/?deadline=overdue"),
            ("queue, complaints about rates", "/admin/desk/?kind=complaint&category=rates_fees"),
            ("queue, phone last four digits", "/admin/desk/?phone=1234"),
            ("queue, all closed, page 100", "/admin/desk/?status=closed&p=100"),
            ("dashboard with the deadline panel", "/admin/"),
        ]:
            time_view(args.port, cookie, path, 2)
            print(f"{label}: {json.dumps(time_view(args.port, cookie, path, 10, server.process.pid))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
