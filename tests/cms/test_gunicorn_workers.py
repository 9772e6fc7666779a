"""gunicorn.conf.py spreads keep-alive connections over its workers, also after a worker restarts."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONNECTIONS = 32


def _server_env(bind: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.update(
        BIND=bind,
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        SEARCH_NO_WARM_UP="1",
        PYTHONPATH=str(REPO),
    )
    return env


def _start(bind: str, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 - the server writes to it for its whole life
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "tests.cms.pid_app:application",
    ]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and config
        command, cwd=REPO, env=_server_env(bind), stdout=log, stderr=log
    )
    log.close()
    return process


def _children(master: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.add(int(stat.parent.name))
    return found


def _wait(condition, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _worker_pids_of_connections(port: int) -> list[int]:
    """Open CONNECTIONS keep-alive connections at once, ask twice on each, return the answering pids."""
    connections = [
        http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(CONNECTIONS)
    ]
    try:
        for connection in connections:
            connection.connect()
        pids = []
        for _round in range(2):
            for connection in connections:
                connection.request("GET", "/")
                response = connection.getresponse()
                assert response.status == 200
                assert response.getheader("Connection", "").lower() != "close"
                pids.append(int(response.read()))
        return pids
    finally:
        for connection in connections:
            connection.close()


@pytest.fixture
def server(tmp_path):
    log_path = tmp_path / "gunicorn.log"
    process = _start("127.0.0.1:0", log_path)
    try:
        port = int(
            _wait(
                lambda: re.search(r"SO_REUSEPORT at 127\.0\.0\.1:(\d+)", log_path.read_text()),
                "the port",
            )[1]
        )
        _wait(lambda: len(_children(process.pid)) == 2, "two workers")
        _wait(lambda: _answers(port), "an answer")
        yield process, port, log_path
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_keep_alive_connections_land_on_every_worker(server):
    process, port, _log = server
    workers = _children(process.pid)
    for _run in range(5):
        pids = _worker_pids_of_connections(port)
        # Each connection stays on the worker that accepted it, and both workers got some.
        assert set(pids) == workers
        assert pids[:CONNECTIONS] == pids[CONNECTIONS:]


def test_a_restarted_worker_listens_again(server):
    process, port, _log = server
    old = _children(process.pid)
    victim = min(old)
    os.kill(victim, signal.SIGKILL)

    def replaced():
        pids = _children(process.pid)
        return pids if len(pids) == 2 and victim not in pids else None

    workers = _wait(replaced, "a new worker")
    replacement = (workers - old).pop()
    # The new worker has bound its own socket once it answers; then it takes its share again.
    seen = _wait(
        lambda: replacement in _worker_pids_of_connections(port), "the new worker's answer"
    )
    assert seen
    assert set(_worker_pids_of_connections(port)) == workers


def test_an_address_in_use_is_refused(tmp_path):
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log_path = tmp_path / "gunicorn.log"
        process = _start(f"127.0.0.1:{port}", log_path)
        try:
            assert process.wait(timeout=60) != 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert f"Address already in use: 127.0.0.1:{port}" in log_path.read_text()
