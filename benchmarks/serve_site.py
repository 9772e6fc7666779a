"""The throwaway site of benchmarks/serve.py and its gunicorn server: ports, the run lock, the
environment, the demo site, the server process and the CPU time its processes used."""

import base64
import fcntl
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench"
PYTHON = sys.executable


@dataclass
class Result:
    name: str
    rps: float = 0.0
    latency_ms: dict = field(default_factory=dict)
    requests: int = 0
    bad_responses: int = 0
    server_cpu_ms: float | None = None
    cores_used: float | None = None
    worker_cores: list = field(default_factory=list)
    one_core: str = ""
    socket_errors: str = ""
    target: str = ""
    ratio: float | None = None
    passed: bool | None = None
    note: str = ""


LOCK_PATH = REPO / "var" / "bench.lock"


def free_port() -> int:
    """A port of 127.0.0.1 that nothing uses now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when a plain bind of 127.0.0.1:`port` succeeds: nothing listens there, not even a
    server with SO_REUSEPORT that a second server would silently share the port with."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def exclusive_run_lock():
    """An open, exclusively locked file while this run owns var/bench/, or None if another run does.

    Two runs at once would delete each other's database and page cache, and each would
    measure the other's load.
    """
    LOCK_PATH.parent.mkdir(parents=True, exist_ok=True)
    handle = open(LOCK_PATH, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.truncate(0)
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle


def bench_environment(args) -> dict:
    env = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        PUBLIC_BASE_URL="https://bench.example.com",
        SECRET_KEY=secrets.token_hex(32),
        # Production refuses to start without the desk's keys; throwaway ones for a throwaway site.
        DESK_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DESK_LOOKUP_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=f"sqlite:///{BENCH_DIR / 'db.sqlite3'}",
        STATIC_ROOT=str(BENCH_DIR / "static"),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        PAGE_CACHE_DIR=str(BENCH_DIR / "page-cache"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        # wrk talks plain HTTP to gunicorn on 127.0.0.1, as the TLS proxy in front would.
        SECURE_SSL_REDIRECT="false",
        DEMO_ADMIN_PASSWORD=secrets.token_urlsafe(16),
        PYTHONPATH=str(REPO),
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
        env["CACHE_KEY_PREFIX"] = f"bench{os.getpid()}"
    for option, variable in (
        ("workers", "WEB_CONCURRENCY"), ("worker_class", "GUNICORN_WORKER_CLASS"), ("threads", "GUNICORN_THREADS")
    ):
        if getattr(args, option):
            env[variable] = getattr(args, option)
    return env


def manage(env: dict, *command: str) -> str:
    completed = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=REPO, env=env, capture_output=True, text=True
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"manage.py {command[0]} failed")
    return completed.stdout


def prepare_site(env: dict, *, reuse: bool) -> None:
    """A fresh database with content, collected static files and an empty page cache."""
    if reuse and (BENCH_DIR / "db.sqlite3").exists():
        shutil.rmtree(BENCH_DIR / "page-cache", ignore_errors=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        print("reusing var/bench/ (migrated, static collected)")
        return
    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    if (REPO / "content" / "management" / "commands" / "seed_demo.py").exists():
        manage(env, "seed_demo")
        seeded_by = "manage.py seed_demo"
    else:
        subprocess.run([PYTHON, "benchmarks/seed_articles.py"], cwd=REPO, env=env, check=True)
        seeded_by = "benchmarks/seed_articles.py"
    print(f"site ready in var/bench/ ({seeded_by}) in {time.monotonic() - started:.0f} s")


class GunicornServer:
    """Run gunicorn -c gunicorn.conf.py with `env` on 127.0.0.1:`port` for the `with` block."""

    def __init__(self, env: dict, port: int):
        self.env = {**env, "PORT": str(port)}
        self.env.pop("BIND", None)
        self.port = port
        self.log_path = BENCH_DIR / f"gunicorn-{port}.log"

    def __enter__(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=REPO, env=self.env, stdout=self.log, stderr=self.log
        )
        SERVER["pid"] = self.process.pid
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                fetch(f"http://127.0.0.1:{self.port}/", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        SERVER["pid"] = None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def fetch(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """GET `url`; return (status, headers with lower-case names, body)."""
    match = re.match(r"http://([^/:]+):(\d+)(/.*)?$", url)
    connection = http.client.HTTPConnection(match[1], int(match[2]), timeout=timeout)
    try:
        connection.request("GET", match[3] or "/", headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wrk(args, url: str, headers: dict | None = None, duration: int | None = None) -> Result:
    command = ["wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{duration or args.duration}s"]
    command.append("--latency")
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    cpu_before = server_cpu_by_process()
    started = time.monotonic()
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - started
    cpu_after = server_cpu_by_process()
    per_process = {pid: cpu - cpu_before.get(pid, 0.0) for pid, cpu in cpu_after.items()}
    cpu_used = sum(per_process.values())
    result = Result(name="")
    result.rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    result.requests = int(re.search(r"(\d+) requests in", output)[1])
    for percentile, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        result.latency_ms[f"p{percentile}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result.bad_responses = int(bad[1]) if bad else 0
    errors = re.search(r"Socket errors: (.*)", output)
    result.socket_errors = errors[1] if errors else ""
    if SERVER["pid"] and result.requests:
        result.server_cpu_ms = cpu_used * 1000 / result.requests
        result.cores_used = cpu_used / wall
        result.worker_cores = sorted(
            (cpu / wall for pid, cpu in per_process.items() if pid != SERVER["pid"]), reverse=True
        )
    return result


SERVER = {"pid": None}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def server_cpu_by_process() -> dict[int, float]:
    """CPU seconds (user + system) used so far by the gunicorn master and each worker (Linux /proc)."""
    master = SERVER["pid"]
    if not master or not Path("/proc").is_dir():
        return {}
    used = {}
    for stat_path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat_path.parent.name), int(fields[1])
        if pid == master or ppid == master:
            used[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return used
