"""Run a function in a forked child process under a wall-time and a memory limit.

Some work is as large as its input lets it be: one `colspan` attribute made a poster layout
grow past 11 GB, and a table that size held a web thread for minutes. Python cannot stop a
thread or cap the memory of one task inside a process, so `run_limited` forks: the child
sets `RLIMIT_AS` (its address space may grow by `memory_mb` beyond the parent's) and
`RLIMIT_CPU`, runs the function and sends its result back through a pipe; the parent waits
at most `seconds` and kills the child's whole process group when the time is up. Whatever
the input, the caller gets its answer or an exception within the limit, and the memory the
child took goes back to the system when it exits.

Why fork rather than a pool of spawned workers: the child starts as a copy of a warm worker
(fonts loaded, templates compiled, the settings and the storage the parent uses), so the
limit costs the fork and the answer's trip back (about 20 ms, see the render limits line of
benchmarks/render.py) and not the second and more a fresh Python spends importing Django and
the render engine; nothing has to be kept in step between two kinds of process. A fork of a
process with threads is safe here because the parent's threads do not render (every render
is in a child) and a child stuck on a lock another thread held is killed at its deadline like
any other. The child must not use the parent's
database connection (it shares its socket), so every query in it is refused, and it leaves
with `os._exit`, which closes nothing the parent still uses. A child that dies without an
answer (killed by the kernel, or aborted by a C library out of memory) is reported as such.

Where `fork` does not exist (Windows) or inside a child already, the function simply runs
in the calling thread.

>>> run_limited(sum, [1, 2, 3], seconds=5, memory_mb=256)
6
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connections

logger = logging.getLogger(__name__)

CHUNK = 1 << 20
RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGTTIN", "SIGTTOU",
                 "SIGCHLD")
_in_child = False
_fork_lock = threading.Lock()


class LimitExceeded(Exception):
    """The function did not finish within its limits; `limit` says which ("time", "memory", "crash")."""

    limit = "crash"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class TimeLimitExceeded(LimitExceeded):
    """The function was still running when its time was up; its process was killed."""

    limit = "time"


class MemoryLimitExceeded(LimitExceeded):
    """The function needed more memory than it was allowed."""

    limit = "memory"


class ChildCrashed(LimitExceeded):
    """The child process died without an answer (a signal, or a C library that aborted)."""


def limits_available() -> bool:
    """Whether this process can run functions in a limited child (a POSIX system, not a child itself)."""
    return hasattr(os, "fork") and not _in_child


def run_limited(func: Callable[..., Any], /, *args, seconds: float, memory_mb: int, **kwargs) -> Any:
    """`func(*args, **kwargs)` in a forked child limited to `seconds` of wall time and `memory_mb` more memory.

    Returns what `func` returns and raises what it raises (both pickled back from the child);
    raises TimeLimitExceeded, MemoryLimitExceeded or ChildCrashed when the child does not
    finish within its limits.
    """
    if not limits_available():
        return func(*args, **kwargs)
    read_fd, write_fd = os.pipe()
    with _fork_lock:
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its results are checked in the parent
        _child_main(read_fd, write_fd, func, args, kwargs, seconds=seconds, memory_mb=memory_mb)
    os.close(write_fd)
    try:
        data = _read_answer(read_fd, pid, deadline=time.monotonic() + seconds, seconds=seconds)
    finally:
        os.close(read_fd)
    status = _reap(pid)
    if not data:
        raise _death(status, memory_mb=memory_mb)
    kind, value = pickle.loads(data)  # noqa: S301 - written by our own child a moment ago
    if kind == "ok":
        return value
    if isinstance(value, MemoryError):
        raise MemoryLimitExceeded(f"needed more than {memory_mb} MB") from None
    raise value


def _child_main(read_fd: int, write_fd: int, func, args, kwargs, *, seconds: float, memory_mb: int) -> None:
    global _in_child
    status = 0
    try:
        _in_child = True
        os.close(read_fd)
        os.setpgid(0, 0)
        for name in RESET_SIGNALS:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        _refuse_database()
        _set_limits(seconds=seconds, memory_mb=memory_mb)
        try:
            answer = ("ok", func(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
            answer = ("error", error)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled
            data = pickle.dumps(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]} ({error})")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view[:CHUNK]):]
    except BaseException:  # noqa: BLE001 - nothing may escape the child into the parent's code
        status = 1
    finally:
        os._exit(status)


def _refuse_database() -> None:
    """Make every query in the child fail: the parent's connection is shared, so one query would corrupt it."""

    def refuse(*_args, **_kwargs):
        raise RuntimeError("a limited child process must not use the database")

    for alias in connections:
        connections[alias].execute_wrappers.append(refuse)


def _set_limits(*, seconds: float, memory_mb: int) -> None:
    current = _address_space()
    if current is not None and memory_mb:
        limit = current + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = math.ceil(seconds) * 2 + 5  # every thread counts; the parent's kill comes first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _read_answer(read_fd: int, pid: int, *, deadline: float, seconds: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill(pid)
            raise TimeLimitExceeded(f"still running after {seconds:g} s")
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_fd, CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
            break
        except ProcessLookupError:
            continue
    _reap(pid)


def _reap(pid: int) -> int:
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0
    return status


def _death(status: int, *, memory_mb: int) -> LimitExceeded:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if number in (signal.SIGKILL, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            # The kernel's OOM killer and C libraries that cannot allocate end here.
            return MemoryLimitExceeded(f"killed by {name}, most likely out of memory (limit {memory_mb} MB)")
        if number == signal.SIGXCPU:
            return TimeLimitExceeded("used up its CPU time")
        return ChildCrashed(f"killed by {name}")
    return ChildCrashed(f"exited with status {os.WEXITSTATUS(status)} without an answer")
