"""Shared test set-up: service markers (postgres, redis), a private media folder, the site tree.

A test marked ``@pytest.mark.postgres`` needs the default database to be PostgreSQL
(``DATABASE_URL=postgres://…``) and the server to answer; one marked ``@pytest.mark.redis``
needs ``REDIS_URL`` and a Redis server that answers. When either is missing the test
fails under ``CI=true`` (CI must not pass by skipping) and is skipped with the reason
elsewhere. ``./scripts/test`` deselects both in its SQLite pass and runs them in its
PostgreSQL pass.

That second pass (``pytest --database-pass``) runs what can behave differently on another
database: every test that uses the database or a service, except those that make pages only
to lay them out (posters, PDFs, video, reader pages in a browser: `LAYOUT_ONLY`). A test that
never touches the database behaves the same on both, so the SQLite pass alone runs it.
"""

import os
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import override_settings

import pytest

from content.factories import build_site_tree

SERVICE_MARKERS = ("postgres", "redis")
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
LAYOUT_ONLY = ("tests/publishing/render/", "tests/themes/")


def running_in_ci() -> bool:
    """True under CI (CI=true), where a missing service is an error, not a reason to skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def tcp_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something accepts a TCP connection at host:port within `timeout` seconds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def postgres_problem() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    if connection.vendor != "postgresql":
        return (
            "needs PostgreSQL: this run uses the "
            f"{connection.vendor} database; set DATABASE_URL=postgres://postgres@127.0.0.1:5432/jrcs "
            "(./scripts/test does so in its PostgreSQL pass)"
        )
    params = settings.DATABASES["default"]
    host, port = params.get("HOST") or "", int(params.get("PORT") or 5432)
    if host and not host.startswith("/") and not tcp_answers(host, port):
        return f"PostgreSQL at {host}:{port} does not answer"
    return None


def redis_problem() -> str | None:
    """Why the Redis tests cannot run here, or None when they can."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return (
            "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/15 "
            "(./scripts/test does so in its PostgreSQL pass)"
        )
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        host = urlsplit(url).hostname
        return f"Redis at {host} ({url}) does not answer: {error}"
    return None


SERVICE_PROBLEMS = {"postgres": postgres_problem, "redis": redis_problem}


def pytest_addoption(parser):
    parser.addoption("--database-pass", action="store_true",
                     help="run only the tests whose outcome can depend on the database or a service "
                          "(the PostgreSQL pass of ./scripts/test)")


def _depends_on_database(item, root) -> bool:
    if any(item.get_closest_marker(name) for name in SERVICE_MARKERS):
        return True
    uses_database = item.get_closest_marker("django_db") is not None or DATABASE_FIXTURES & set(item.fixturenames)
    return bool(uses_database) and not item.path.relative_to(root).as_posix().startswith(LAYOUT_ONLY)


def pytest_collection_modifyitems(config, items):
    """With --database-pass, deselect the tests that cannot tell one database from another."""
    if not config.getoption("--database-pass"):
        return
    root = config.rootpath
    kept, dropped = [], []
    for item in items:
        (kept if _depends_on_database(item, root) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_runtest_setup(item):
    """Fail (under CI) or skip (elsewhere) a service-marked test whose service is missing."""
    for name in SERVICE_MARKERS:
        if item.get_closest_marker(name) is None:
            continue
        problem = SERVICE_PROBLEMS[name]()
        if problem is None:
            continue
        if running_in_ci():
            pytest.fail(f"CI=true and this test {problem}.", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(autouse=True, scope="session")
def private_media_root(tmp_path_factory):
    """Keep uploads and renditions of this run in a folder of its own, removed by pytest later."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture
def site_tree(db):
    """The default site's home page and its four columns, by key (home, credit, loans, aml, antifraud)."""
    return build_site_tree()


@pytest.fixture
def empty_cache():
    """The default cache emptied before and after the test (it outlives the test database)."""
    cache.clear()
    yield
    cache.clear()
