"""Pinyin slugs for pages with Chinese titles: 借款合同 → jie-kuan-he-tong, not /%E5%80%9F…/.

A new page whose title has Chinese characters gets its address in pinyin (pypinyin), so
links stay readable when they are pasted into WeChat or printed under a QR code. The editor
can still type another slug; pages that exist keep theirs. Wagtail's own slug autofill
would keep the Chinese (WAGTAIL_ALLOW_UNICODE_SLUGS) or, with that off, drop it and leave
only the digits ("第12期" → "12"): `slug_for_new_page` recognises both and replaces them.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

from pypinyin import Style, lazy_pinyin

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_LENGTH = 80


def has_chinese(text: str) -> bool:
    """Whether `text` contains a Chinese character."""
    return bool(CHINESE.search(text or ""))


def pinyin_slug(title: str, *, max_length: int = MAX_LENGTH) -> str:
    """The title in pinyin as a slug: lower case, syllables joined by hyphens, cut at a hyphen.

    >>> pinyin_slug("借款合同")
    'jie-kuan-he-tong'
    >>> pinyin_slug("第12期 周报：借款合同")
    'di-12-qi-zhou-bao-jie-kuan-he-tong'
    """
    syllables = lazy_pinyin(title or "", style=Style.NORMAL)
    slug = slugify("-".join(syllables))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug.strip("-")


def is_autofilled(*, title: str, slug: str) -> bool:
    """Whether `slug` is what Wagtail's autofill makes of a Chinese `title` (empty, the title itself, or
    its ASCII leftovers), rather than something an editor chose."""
    if not has_chinese(title):
        return False
    return slug in ("", slugify(title), slugify(title, allow_unicode=True))


def unique_slug(base: str, *, is_available) -> str:
    """`base`, or `base-2`, `base-3` … the first that `is_available(candidate)` accepts."""
    candidate, suffix = base, 1
    while not is_available(candidate):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate
