"""Read the rules file once, validate it and compile every pattern into a `RuleSet`.

The rule set is data that editors' managers read and extend (see the comments at the
top of ``rules.toml``). A mistake in it (a regular expression that does not compile, an
unknown severity, a category that does not exist, a misspelt key) raises `RuleSetError`,
whose message names the file, the line and the rule, in Chinese, so the person who
edited the file can fix it without reading Python. Here: the file as a whole, its
[quoting], [categories] and [exception_sets] tables; each rule is read by
rule_parsing.py, each value by rules_source.py.
"""

import functools
import logging
import re
import tomllib
from pathlib import Path

from .rule_parsing import rule_parse
from .rules import Category, Exemption, QuotingModel, RuleSet, RuleSetError
from .rules_source import (
    RulesSource,
    alternation,
    exemptions_read,
    mark_pairs,
    pattern_compile,
    string_list,
)

logger = logging.getLogger(__name__)

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.toml")
SETTINGS_NAME = "COMPLIANCE_RULES_FILE"

TOP_LEVEL_KEYS = {"version", "exception_window", "quoting", "categories", "exception_sets", "rules"}
QUOTING_KEYS = {
    "pairs",
    "sentence_end",
    "clause_end",
    "reporting_to_sentence_end",
    "reporting_to_clause_end",
    "section_titles",
}


def _quoting(source: RulesSource, data) -> QuotingModel:
    lines = source.block(source.table_header("quoting"))
    if not isinstance(data, dict):
        raise source.error("缺少 [quoting]（引语模型）。")
    unknown = set(data) - QUOTING_KEYS
    if unknown:
        raise source.error(
            f"[quoting] 里有不认识的项目：{'、'.join(sorted(unknown))}。",
            lines=lines,
            key=sorted(unknown)[0],
        )
    pairs = mark_pairs(source, data.get("pairs"), lines=lines, key="pairs")
    ends = {}
    for key in ("sentence_end", "clause_end"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise source.error(f"[quoting] 的 {key} 必须是一串标点符号。", lines=lines, key=key)
        ends[key] = re.compile("[" + re.escape(value) + "]")
    reporting = {}
    for key in ("reporting_to_sentence_end", "reporting_to_clause_end"):
        patterns = string_list(source, data, key, lines=lines)
        for pattern in patterns:
            pattern_compile(source, pattern, lines=lines, key=key, rule_id=None)
        reporting[key] = re.compile(alternation(patterns)) if patterns else None
    titles = string_list(source, data, "section_titles", lines=lines)
    return QuotingModel(
        pairs=pairs,
        sentence_end=ends["sentence_end"],
        clause_end=ends["clause_end"],
        reporting_to_sentence_end=reporting["reporting_to_sentence_end"],
        reporting_to_clause_end=reporting["reporting_to_clause_end"],
        section_titles=tuple(titles),
    )


def _categories(source: RulesSource, data) -> dict[str, Category]:
    if not isinstance(data, dict) or not data:
        raise source.error("缺少 [categories.…]（规则类别）。")
    categories = {}
    for key, table in data.items():
        lines = source.block(source.table_header(f"categories.{key}"))
        if (
            not isinstance(table, dict)
            or not isinstance(table.get("name"), str)
            or not table["name"]
        ):
            raise source.error(f"类别 {key} 缺少名称 name。", lines=lines, key="name")
        unknown = set(table) - {"name", "description"}
        if unknown:
            raise source.error(
                f"类别 {key} 里有不认识的项目：{'、'.join(sorted(unknown))}。",
                lines=lines,
                key=sorted(unknown)[0],
            )
        categories[key] = Category(
            key=key, name=table["name"], description=table.get("description", "")
        )
    return categories


def _exception_sets(source: RulesSource, data) -> dict[str, tuple[Exemption, ...]]:
    if not isinstance(data, dict):
        raise source.error("[exception_sets] 必须是若干个 [exception_sets.名称] 表。")
    sets = {}
    for name, table in data.items():
        lines = source.block(source.table_header(f"exception_sets.{name}"))
        if not isinstance(table, dict) or set(table) - {"exceptions", "description"}:
            raise source.error(f"公用例外 {name} 只能包含 exceptions。", lines=lines)
        sets[name] = exemptions_read(
            source, table.get("exceptions", []), lines=lines, key="exceptions", rule_id=None
        )
    return sets


def parse_rules(text: str, *, path: Path | str = "<rules>") -> RuleSet:
    """Validate and compile the rule set written in `text` (TOML); raise RuleSetError if it is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise RuleSetError(
            f"不是有效的 TOML：{error}。常见原因：引号没有配对、正则里的反斜杠写在了双引号字符串里"
            "（请改用单引号）。",
            path=path,
            line=int(found.group(1)) if found else None,
        ) from error
    source = RulesSource(path, text)
    unknown = set(data) - TOP_LEVEL_KEYS
    if unknown:
        raise source.error(
            f"文件里有不认识的项目：{'、'.join(sorted(unknown))}。",
            lines=range(1, len(source.lines) + 1),
            key=sorted(unknown)[0],
        )
    version = data.get("version")
    if version != 1:
        raise source.error(
            f"version 必须是 1，现在是 {version!r}。",
            lines=range(1, len(source.lines) + 1),
            key="version",
        )
    window = data.get("exception_window", 30)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 200:
        raise source.error(
            "exception_window 必须是 1 到 200 之间的整数（字数）。",
            lines=range(1, len(source.lines) + 1),
            key="exception_window",
        )
    quoting = _quoting(source, data.get("quoting"))
    categories = _categories(source, data.get("categories"))
    exception_sets = _exception_sets(source, data.get("exception_sets", {}))
    rules_data = data.get("rules")
    if not isinstance(rules_data, list) or not rules_data:
        raise source.error("文件里一条规则（[[rules]]）也没有。")
    seen: set[str] = set()
    rules = tuple(
        rule_parse(source, entry, index, categories, exception_sets, seen)
        for index, entry in enumerate(rules_data)
    )
    return RuleSet(
        path=path,
        version=version,
        exception_window=window,
        quoting=quoting,
        categories=categories,
        rules=rules,
    )


def load_rules(path: Path | str) -> RuleSet:
    """Read, validate and compile the rules file at `path`.

    >>> load_rules(DEFAULT_RULES_FILE).get("returns.guaranteed").category.name
    '承诺收益'
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise RuleSetError(f"无法读取：{error.strerror or error}。", path=path) from error
    except UnicodeDecodeError as error:
        raise RuleSetError(
            f"不是 UTF-8 编码的文本（第 {error.start + 1} 个字节处无法解码）。", path=path
        ) from error
    ruleset = parse_rules(text, path=path)
    logger.debug("Loaded %d compliance rules from %s", len(ruleset.rules), path)
    return ruleset


@functools.lru_cache(maxsize=8)
def _cached_rules(path: str) -> RuleSet:
    return load_rules(path)


def rules_file_path() -> Path:
    """The rules file in use: settings.COMPLIANCE_RULES_FILE if set, else the packaged rules.toml."""
    from django.conf import settings

    if settings.configured and getattr(settings, SETTINGS_NAME, None):
        return Path(getattr(settings, SETTINGS_NAME))
    return DEFAULT_RULES_FILE


def default_rules() -> RuleSet:
    """The rule set in use, read and compiled once per process (edits take effect on restart)."""
    return _cached_rules(str(rules_file_path()))
