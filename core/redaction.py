"""Keeping secrets and tokens out of logs, error messages and stored records: one redactor for all.

Three kinds of value are replaced by `***` wherever text passes through `redact()`:

- the values of the settings named in `settings.SECRET_SETTINGS` (the Django key, the
  channels' app secrets and tokens, the webhook secret), the password of every URL in
  `settings.SECRET_URL_SETTINGS` (REDIS_URL) and the databases' passwords;
- the values registered at run time with `register_secret()` (the WeChat access tokens the
  token cache fetches or reads);
- whatever follows a name that only secrets have, in a query string, a form body, a header
  or JSON (`access_token=…`, `"secret": "…"`, `Authorization: Bearer …`, `user:pass@host`),
  so that a token nobody registered (one fetched by another machine) is caught too.

`install()` puts the redactor in front of every log record the process creates (a log
record factory, so it covers every logger, httpx's request lines and httpcore's DEBUG
traces included, and every handler, whoever attached it): the message and the formatted
traceback are redacted before any handler or filter sees them. It is written here rather
than taken from a library because the few that exist redact fixed key names only and know
nothing of the tokens this platform fetches while it runs.

>>> redact("POST /cgi-bin/draft/add?access_token=ACCESS123&x=1")
'POST /cgi-bin/draft/add?access_token=***&x=1'
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections import OrderedDict
from urllib.parse import urlsplit

MASK = "***"
MIN_SECRET_LENGTH = 6  # shorter values would mask ordinary words
MAX_REGISTERED = 200  # tokens rotate every two hours: keep the recent ones

# Names whose value is always a secret, in a URL query, a form body, a header or JSON.
_SENSITIVE_NAMES = (
    r"access[-_]?token|refresh[-_]?token|client[-_]?secret|app[-_]?secret|secret|"
    r"password|passwd|pwd|token|sign|signature|x-jrcs-signature|api[-_]?key|key|ticket|"
    r"open[-_]?id|union[-_]?id|authorization|cookie|sessionid|csrftoken"
)
_QUERY_VALUE = re.compile(rf"(?i)(?<![A-Za-z0-9_-])((?:{_SENSITIVE_NAMES})=)([^&\s\"'<>#,;]+)")
_QUOTED_VALUE = re.compile(rf"(?i)([\"']?(?<![A-Za-z0-9_-])(?:{_SENSITIVE_NAMES})[\"']?\s*:\s*[\"'])([^\"']+)([\"'])")
# A header as a pair in a repr, as httpcore's traces show them: (b'access-token', b'…').
_PAIR_VALUE = re.compile(rf"(?i)([\"'](?:{_SENSITIVE_NAMES})[\"']\s*,\s*b?[\"'])([^\"']+)([\"'])")
_HEADER_VALUE = re.compile(
    rf"(?im)^(\s*(?:{_SENSITIVE_NAMES})\s*:\s*)((?:Bearer|Basic|Token)\s+)?(\S+)"
)
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)([^@\s/]+)(@)")

_lock = threading.Lock()
_registered: OrderedDict[str, None] = OrderedDict()


def register_secret(value: str | None) -> None:
    """Remember `value` (a token fetched at run time) so that `redact` masks it from now on."""
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        _registered.pop(value, None)
        _registered[value] = None
        while len(_registered) > MAX_REGISTERED:
            _registered.popitem(last=False)


def _url_password(url: str) -> str:
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""


def _configured_secrets() -> list[str]:
    """The secret values the settings hold (none while Django is not configured)."""
    from django.conf import settings

    if not settings.configured:
        return []
    values = []
    for name in getattr(settings, "SECRET_SETTINGS", ()):
        value = getattr(settings, name, "") or ""
        values += [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]
    values += [_url_password(str(getattr(settings, name, "") or "")) for name in getattr(settings, "SECRET_URL_SETTINGS", ())]
    values += [str(database.get("PASSWORD") or "") for database in getattr(settings, "DATABASES", {}).values()]
    return values


def known_secrets() -> list[str]:
    """Every secret value `redact` masks by value, longest first."""
    with _lock:
        values = set(_registered)
    values.update(value for value in _configured_secrets() if len(value) >= MIN_SECRET_LENGTH)
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    """`text` with every known secret value, and every value named like a secret, replaced by ***.

    >>> redact('{"appid": "wx1", "secret": "s3cr3t-value"}')
    '{"appid": "wx1", "secret": "***"}'
    >>> redact("redis://:hunter22@127.0.0.1:6379/0")
    'redis://:***@127.0.0.1:6379/0'
    """
    if not text:
        return text
    for value in known_secrets():
        if value in text:
            text = text.replace(value, MASK)
    text = _URL_PASSWORD.sub(rf"\1{MASK}\3", text)
    text = _QUERY_VALUE.sub(rf"\1{MASK}", text)
    text = _QUOTED_VALUE.sub(rf"\1{MASK}\3", text)
    text = _PAIR_VALUE.sub(rf"\1{MASK}\3", text)
    text = _HEADER_VALUE.sub(lambda match: f"{match.group(1)}{match.group(2) or ''}{MASK}", text)
    return text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact a log record's message and traceback in place (the formatted text, once)."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string is logging's to report
        return record
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        cleaned = redact(formatted)
        if cleaned != formatted:
            record.exc_text = cleaned
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record (for handlers set up outside Django's process)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_installed = False


def install() -> None:
    """Redact every log record this process creates from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def redacting_factory(*args, **kwargs):
            return redact_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(redacting_factory)
        _installed = True
