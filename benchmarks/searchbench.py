"""Shared set-up of the search benchmarks: a throwaway SQLite database with the demo content, and Django on it.

`demo_database()` makes var/bench-search/demo.sqlite3 (migrate + seed_demo, about a minute) unless it
exists; `setup_django(path)` points Django at a database before anything imports models.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-search"


def _manage(database: Path, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def demo_database(*, fresh: bool = False) -> Path:
    """The demo site's database for benchmarks, made once (or again with `fresh`)."""
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "demo.sqlite3"
    if fresh or not database.exists():
        database.unlink(missing_ok=True)
        print("Building the demo database (migrate + seed_demo)…", flush=True)
        _manage(database, "migrate", "-v0")
        _manage(database, "seed_demo")
    return database


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import logging

    import django

    django.setup()
    logging.getLogger("core.pagecache").setLevel(logging.WARNING)


def load_questions() -> dict:
    import tomllib

    with (Path(__file__).resolve().parent / "search_questions.toml").open("rb") as handle:
        return tomllib.load(handle)


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
