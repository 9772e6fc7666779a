"""Encryption at rest and keyed hashes for the desk's personal data.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) through a
`MultiFernet` built from `DESK_ENCRYPTION_KEYS`, newest key first: new values are encrypted
with the first key, and every listed key still decrypts, so a key is rotated by putting a new
one in front, running `manage.py desk_rotate_keys` (which re-encrypts every row with the
newest key) and then dropping the old one.

What must be matched without decrypting (a phone's last four digits for the reader's lookup,
the whole phone number for an agent's search) is stored as an HMAC-SHA256 under
`DESK_LOOKUP_KEY`, a separate secret: the hash of four digits is worthless without the key.

In development, with neither setting, a key pair is generated once and kept in
`var/desk-dev-keys.json` (mode 0600) with a warning in the log; production settings refuse to
start without both (cms/settings/production.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

logger = logging.getLogger(__name__)

_lock = threading.Lock()


class DecryptionError(Exception):
    """A stored value that none of the configured keys can decrypt (a key was dropped too early)."""


def _dev_key_file() -> Path:
    configured = getattr(settings, "DESK_DEV_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "desk-dev-keys.json"


def _dev_keys() -> tuple[list[str], str]:
    """A development key pair, made once and kept on disk; never used when the settings give keys."""
    path = _dev_key_file()
    with _lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {"encryption_keys": [Fernet.generate_key().decode()], "lookup_key": base64.urlsafe_b64encode(os.urandom(32)).decode()}
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                json.dump(data, handle)
        data = json.loads(path.read_text())
    logger.warning(
        "DESK_ENCRYPTION_KEYS / DESK_LOOKUP_KEY are not set: the desk encrypts personal data with a "
        "development key kept in %s. Never use it in production.",
        path,
    )
    return data["encryption_keys"], data["lookup_key"]


@lru_cache(maxsize=1)
def _keys(encryption_keys: tuple[str, ...], lookup_key: str) -> tuple[MultiFernet, bytes]:
    if not encryption_keys or not lookup_key:
        dev_encryption, dev_lookup = _dev_keys()
        encryption_keys = encryption_keys or tuple(dev_encryption)
        lookup_key = lookup_key or dev_lookup
    try:
        fernet = MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in encryption_keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "DESK_ENCRYPTION_KEYS must be Fernet keys (32 bytes, URL-safe base64), newest first, comma-separated; "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from error
    if len(lookup_key) < 32:
        raise ImproperlyConfigured("DESK_LOOKUP_KEY must be a random secret of at least 32 characters.")
    return fernet, lookup_key.encode()


def keyring() -> tuple[MultiFernet, bytes]:
    """The MultiFernet of the configured keys and the HMAC key, built once per settings value."""
    return _keys(tuple(getattr(settings, "DESK_ENCRYPTION_KEYS", ()) or ()), getattr(settings, "DESK_LOOKUP_KEY", "") or "")


def encrypt(value: str) -> str:
    """`value` encrypted with the newest key, as text (a Fernet token)."""
    return keyring()[0].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The clear text of a Fernet token made with any configured key."""
    try:
        return keyring()[0].decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("no configured desk key decrypts this value (was a key removed before rotating?)") from error


def rotate(token: str) -> str:
    """The same value encrypted again with the newest key."""
    try:
        return keyring()[0].rotate(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("no configured desk key decrypts this value") from error


def lookup_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of `value` for `purpose` ("phone", "phone_last4", "code") under DESK_LOOKUP_KEY.

    >>> lookup_hash("1234", purpose="phone_last4") == lookup_hash("1234", purpose="phone_last4")
    True
    """
    message = f"{purpose}\0{value}".encode()
    return hmac.new(keyring()[1], message, hashlib.sha256).hexdigest()


def hashes_equal(left: str, right: str) -> bool:
    """Constant-time comparison of two hashes."""
    return hmac.compare_digest(left.encode(), right.encode())


def clear_key_cache() -> None:
    """Forget the built keyring (after the settings changed, in tests and key rotation)."""
    _keys.cache_clear()
