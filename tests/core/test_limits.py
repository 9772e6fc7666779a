"""core/limits.py: a function in a forked child, stopped at its time and memory limits."""

import os
import subprocess
import sys
import time

from django.db import connection

import pytest

from core.limits import ChildCrashed, MemoryLimitExceeded, TimeLimitExceeded, run_limited


def test_the_answer_and_the_exception_come_back():
    assert run_limited(sum, [1, 2, 3], seconds=5, memory_mb=256) == 6
    with pytest.raises(ZeroDivisionError):
        run_limited(lambda: 1 / 0, seconds=5, memory_mb=256)


def test_the_child_is_a_separate_process():
    assert run_limited(os.getpid, seconds=5, memory_mb=256) != os.getpid()


def test_time_is_up_and_the_child_and_its_own_children_are_killed(tmp_path):
    marker = tmp_path / "grandchild.pid"

    def stubborn():
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # noqa: S603
        marker.write_text(str(child.pid))
        time.sleep(60)

    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_limited(stubborn, seconds=1, memory_mb=256)
    assert time.monotonic() - started < 5
    grandchild = int(marker.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(grandchild):
        time.sleep(0.05)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_memory_over_the_limit_is_refused():
    def greedy():
        return len(bytearray(512 * 1024 * 1024))

    with pytest.raises(MemoryLimitExceeded):
        run_limited(greedy, seconds=10, memory_mb=128)
    assert run_limited(greedy, seconds=10, memory_mb=1024) == 512 * 1024 * 1024


def test_a_child_that_dies_is_reported():
    with pytest.raises(ChildCrashed):
        run_limited(os._exit, 3, seconds=5, memory_mb=256)


@pytest.mark.django_db
def test_the_child_may_not_use_the_database_and_the_parent_still_can():
    from django.contrib.auth.models import User

    with pytest.raises(RuntimeError, match="must not use the database"):
        run_limited(lambda: User.objects.count(), seconds=5, memory_mb=256)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
