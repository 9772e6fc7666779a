"""The desk's categories and urgent-fraud phrases, read from `rules.toml` (data that managers edit).

`desk_rules()` loads and validates the file once per process (a mistake raises `DeskRulesError`
with the file, line and reason in Chinese; `manage.py check` reports it through checks.py).
`suggest_category(text)` gives the slug of the category whose keywords the text hits most,
`urgent_terms(text)` the urgent phrases it contains. Example::

    >>> suggest_category("对方让我把钱转到安全账户")
    'fraud_help'
    >>> urgent_terms("收不到验证码")
    []
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.toml")
SLUG = re.compile(r"[a-z][a-z0-9_]*")
CATEGORY_KEYS = {"slug", "name", "keywords", "fallback"}
URGENT_KEYS = {"phrases", "unless", "advice"}


class DeskRulesError(Exception):
    """The rules file is wrong; the message says where and why, in Chinese."""


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    keywords: tuple[str, ...]
    fallback: bool = False


@dataclass(frozen=True)
class DeskRules:
    categories: tuple[Category, ...]
    urgent_phrases: tuple[str, ...]
    urgent_unless: tuple[str, ...]
    urgent_advice: str

    @property
    def fallback(self) -> Category:
        return next(category for category in self.categories if category.fallback)

    def category(self, slug: str) -> Category | None:
        return next((category for category in self.categories if category.slug == slug), None)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(category.slug, category.name) for category in self.categories]


def rules_file() -> Path:
    return Path(getattr(settings, "DESK_RULES_FILE", None) or DEFAULT_RULES_FILE)


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 0


def _strings(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise DeskRulesError(f"{where} 必须是非空字符串的列表")
    return tuple(item.strip() for item in value)


def parse_rules(text: str, *, path: Path) -> DeskRules:
    """Validate the TOML `text` (read from `path`) into `DeskRules`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DeskRulesError(f"{path}：TOML 格式错误：{error}") from error
    unknown = set(data) - {"version", "categories", "urgent"}
    if unknown:
        raise DeskRulesError(f"{path}：不认识的设置 {', '.join(sorted(unknown))}")
    categories = []
    seen = set()
    for index, entry in enumerate(data.get("categories") or [], start=1):
        slug = entry.get("slug", "")
        line = _line_of(text, f'slug = "{slug}"') or "?"
        where = f"{path} 第 {line} 行（第 {index} 个分类）"
        extra = set(entry) - CATEGORY_KEYS
        if extra:
            raise DeskRulesError(f"{where}：不认识的键 {', '.join(sorted(extra))}")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            raise DeskRulesError(f"{where}：slug 只能用小写字母、数字和下划线，并以字母开头")
        if slug in seen:
            raise DeskRulesError(f"{where}：slug “{slug}” 重复")
        seen.add(slug)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise DeskRulesError(f"{where}：缺少 name")
        keywords = _strings(entry.get("keywords", []), f"{where} 的 keywords") if entry.get("keywords") else ()
        categories.append(Category(slug, name.strip(), keywords, bool(entry.get("fallback", False))))
    if not categories:
        raise DeskRulesError(f"{path}：至少要有一个分类")
    if sum(category.fallback for category in categories) != 1:
        raise DeskRulesError(f"{path}：必须恰好有一个分类设置 fallback = true（没有命中关键词时使用）")
    urgent = data.get("urgent") or {}
    extra = set(urgent) - URGENT_KEYS
    if extra:
        raise DeskRulesError(f"{path} [urgent]：不认识的键 {', '.join(sorted(extra))}")
    phrases = _strings(urgent.get("phrases"), f"{path} [urgent] phrases")
    unless = _strings(urgent.get("unless"), f"{path} [urgent] unless") if urgent.get("unless") else ()
    advice = urgent.get("advice")
    if not isinstance(advice, str) or not advice.strip():
        raise DeskRulesError(f"{path} [urgent]：缺少 advice（给读者的紧急建议）")
    return DeskRules(tuple(categories), phrases, unless, advice.strip())


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> DeskRules:
    file = Path(path)
    return parse_rules(file.read_text(encoding="utf-8"), path=file)


def desk_rules() -> DeskRules:
    """The rules in force (read again when the file changes)."""
    path = rules_file()
    try:
        mtime = path.stat().st_mtime
    except OSError as error:
        raise DeskRulesError(f"找不到消保专线规则文件 {path}") from error
    return _load(str(path), mtime)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def urgent_terms(text: str) -> list[str]:
    """The urgent phrases found in `text`, in the file's order, ignoring those inside an `unless` phrase."""
    rules = desk_rules()
    body = _normalise(text)
    for harmless in rules.urgent_unless:
        body = body.replace(harmless.lower(), "|")
    return [phrase for phrase in rules.urgent_phrases if phrase.lower() in body]


def suggest_category(text: str) -> str:
    """The slug of the category with the most keyword hits in `text` (ties: the file's order)."""
    rules = desk_rules()
    body = _normalise(text)
    best, best_hits = rules.fallback, 0
    for category in rules.categories:
        hits = sum(body.count(keyword.lower()) for keyword in category.keywords)
        if hits > best_hits:
            best, best_hits = category, hits
    return best.slug


def category_name(slug: str) -> str:
    """The Chinese name of a category slug (the slug itself when the file no longer has it)."""
    if not slug:
        return ""
    category = desk_rules().category(slug)
    return category.name if category else slug
