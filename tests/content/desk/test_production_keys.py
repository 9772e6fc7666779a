"""Production refuses to start without the desk's keys; development makes a local pair with a warning."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from content.desk import crypto

REPO = Path(__file__).resolve().parents[3]


def _load_production(**extra) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DESK_")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
               PUBLIC_BASE_URL="https://zhishi.example.com", **extra)
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", "import django; django.setup()"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_desk_keys():
    result = _load_production()
    assert result.returncode != 0
    assert "DESK_ENCRYPTION_KEYS" in result.stderr


def test_production_starts_with_them():
    from cryptography.fernet import Fernet

    result = _load_production(DESK_ENCRYPTION_KEYS=Fernet.generate_key().decode(), DESK_LOOKUP_KEY="x" * 40)
    assert result.returncode == 0, result.stderr


def test_development_makes_a_key_pair_once_with_a_warning(settings, tmp_path, caplog):
    settings.DESK_ENCRYPTION_KEYS = []
    settings.DESK_LOOKUP_KEY = ""
    settings.DESK_DEV_KEY_FILE = str(tmp_path / "keys.json")
    crypto.clear_key_cache()
    try:
        with caplog.at_level(logging.WARNING, logger="content.desk.crypto"):
            token = crypto.encrypt("13912345678")
        assert "Never use it in production" in caplog.text
        assert oct((tmp_path / "keys.json").stat().st_mode & 0o777) == "0o600"
        stored = json.loads((tmp_path / "keys.json").read_text())
        assert len(stored["encryption_keys"]) == 1
        crypto.clear_key_cache()
        assert crypto.decrypt(token) == "13912345678"  # the same pair the second time
    finally:
        crypto.clear_key_cache()


def test_a_malformed_key_is_a_clear_error(settings):
    settings.DESK_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        crypto.encrypt("x")
