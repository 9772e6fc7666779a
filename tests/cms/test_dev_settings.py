"""cms/settings/dev.py, which the demo runs on: DEBUG stays off unless asked for, so a missing page
shows the platform's 404 with the hotlines, and static files are still served (WhiteNoise)."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import Client, override_settings

import pytest

from content.factories import build_site_tree

SETTINGS_PROBE = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"


def dev_settings(**env) -> str:
    clean = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", SETTINGS_PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=True, timeout=60,
    )
    return result.stdout.strip()


def test_the_demo_settings_keep_debug_off_unless_asked():
    assert dev_settings() == "False True"
    assert dev_settings(DEBUG="true") == "True True"


def test_the_demo_script_does_not_turn_debug_on():
    with open(os.path.join(settings.BASE_DIR, "scripts", "demo"), encoding="utf-8") as handle:
        script = handle.read()
    assert "DEBUG=true" not in script.replace(" ", "").lower()
    assert "cms.settings.dev" in script


@pytest.mark.django_db
def test_with_debug_off_a_missing_page_is_the_platforms_404_and_static_files_are_served():
    build_site_tree()
    with override_settings(DEBUG=False, MIDDLEWARE=["whitenoise.middleware.WhiteNoiseMiddleware", *settings.MIDDLEWARE],
                           WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        client = Client()
        missing = client.get("/no-such-page/")
        css = client.get("/static/css/reader.css")
        stylesheet = b"".join(css.streaming_content)  # read to the end: the test client closes it
    html = missing.content.decode()
    assert missing.status_code == 404
    assert "页面不存在" in html and "96110" in html and 'class="hotlines"' in html
    assert "URLconf" not in html and "Page not found" not in html
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert b".site-header" in stylesheet
