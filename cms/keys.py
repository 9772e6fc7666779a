"""Judging a SECRET_KEY before production starts with it: long, varied and not a placeholder.

Django's deploy check (security.W009) wants 50 characters of at least 5 kinds; a key can pass
that and still be guessable ("aaaaab…", "abcdefgh…", a repeated word). `secret_key_problem`
estimates the key's entropy from its own characters (Shannon) and looks for runs and for
the placeholders that end up in settings files, so production refuses such a key at start.
(A sentence of common words can still measure well; one with spaces is refused, and the
README says how to make a key.)

>>> secret_key_problem("django-insecure-" + "x" * 60)
'SECRET_KEY 是占位值（含 “insecure”），请换成随机生成的值。'
>>> secret_key_problem(secrets.token_urlsafe(50)) is None
True
"""

import math
import secrets  # noqa: F401 - used by the example above
from collections import Counter

MIN_LENGTH = 50
MIN_BITS_PER_CHARACTER = 3.0  # hex is 4, URL-safe base64 6; a repeated word far less
MIN_TOTAL_BITS = 160  # 50 hex characters (200 random bits) measure about 190
MAX_RUN = 7  # characters in a row of one character or consecutive ones ("aaaaaaaa", "12345678")
PLACEHOLDERS = ("insecure", "changeme", "change-me", "secret", "dev-only", "test-only", "example", "password")
HOW_TO = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def entropy_bits(key: str) -> tuple[float, float]:
    """(bits per character, total bits) of `key` estimated from its character frequencies."""
    if not key:
        return 0.0, 0.0
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_character, per_character * len(key)


def longest_run(key: str) -> int:
    """The longest stretch of one repeated character or of consecutive characters (up or down)."""
    best = run = 1 if key else 0
    step = None
    for previous, current in zip(key, key[1:], strict=False):
        difference = ord(current) - ord(previous)
        if difference in (-1, 0, 1) and (step is None or difference == step):
            run, step = run + 1, difference
        elif difference in (-1, 0, 1):
            run, step = 2, difference
        else:
            run, step = 1, None
        best = max(best, run)
    return best


def repeats(key: str) -> bool:
    """Whether `key` is a shorter piece said over again ("Ab3$x9Qz" eight times)."""
    return any(key[period:] == key[:-period] for period in range(1, len(key) // 2 + 1))


def secret_key_problem(key: str) -> str | None:
    """Why `key` must not be a production SECRET_KEY (Chinese, for the operator), or None."""
    if not key:
        return f"未设置 SECRET_KEY。生产环境必须设置随机生成的值，例如：{HOW_TO}"
    lowered = key.lower()
    for marker in PLACEHOLDERS:
        if marker in lowered:
            return f"SECRET_KEY 是占位值（含 “{marker}”），请换成随机生成的值。"
    if len(key) < MIN_LENGTH:
        return f"SECRET_KEY 太短（{len(key)} 个字符，至少 {MIN_LENGTH} 个），请换成随机生成的值：{HOW_TO}"
    if any(character.isspace() for character in key):
        return f"SECRET_KEY 含有空白，像是一句话而不是随机生成的值。请换成：{HOW_TO}"
    per_character, total = entropy_bits(key)
    if per_character < MIN_BITS_PER_CHARACTER or total < MIN_TOTAL_BITS:
        return (
            f"SECRET_KEY 的随机性太低（约 {int(round(total))} 位，至少 {MIN_TOTAL_BITS} 位），"
            f"看起来不是随机生成的。请换成：{HOW_TO}"
        )
    if repeats(key):
        return f"SECRET_KEY 是一小段重复多次，看起来不是随机生成的。请换成：{HOW_TO}"
    if longest_run(key) > MAX_RUN:
        return f"SECRET_KEY 含有连续或重复的字符（如 aaaaaaaa、12345678），看起来不是随机生成的。请换成：{HOW_TO}"
    return None
