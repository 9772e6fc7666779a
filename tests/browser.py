"""Running the editor's own scripts in headless Chromium, for tests of behaviour that lives in JavaScript.

`run_page(html)` loads a page (written to a temporary file; scripts may be referenced by
absolute file:// URLs, see `static_url`), lets its timers run for a moment of virtual time,
and returns the DOM as Chromium serialises it. A test builds the markup Wagtail renders, lets
its own inline script act and write what it saw into the DOM, and reads it back.
"""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def static_url(path: str) -> str:
    """The file:// URL of a static file of the project, e.g. ``static_url("content/blocks.js")``."""
    found = finders.find(path)
    assert found, f"no static file {path}"
    return Path(found).resolve().as_uri()


def run_page(
    html: str, *, budget_ms: int = 3000, width: int = 1280, height: int = 900, files: dict[str, str] | None = None
) -> str:
    """The DOM of `html` after its scripts ran, in a window `width` × `height` CSS pixels;
    `files` ({name: text}) are written beside the page, for frames it loads by relative URL.
    Skips the test when no Chromium is installed."""
    if CHROMIUM is None:
        pytest.skip("needs Chromium (./scripts/test installs it)")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        for name, text in (files or {}).items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - a fixed browser binary and our own arguments
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files",
                f"--user-data-dir={folder}/profile", f"--virtual-time-budget={budget_ms}", f"--window-size={width},{height}",
                "--hide-scrollbars", "--dump-dom", page.as_uri(),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout.decode()


def result_of(dom: str) -> object:
    """What the page's script stored with ``document.body.dataset.result = JSON.stringify(…)``."""
    found = re.search(r'<body[^>]*data-result="([^"]*)"', dom)
    assert found, "the page's script wrote no result: " + dom[:2000]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def with_local_static(html: str) -> str:
    """A page rendered by Django with its /static/ URLs pointing at the project's files, to load from disk."""
    return re.sub(r'(href|src)="/static/([^"?#]+)', lambda m: f'{m.group(1)}="{static_url(m.group(2))}', html)
