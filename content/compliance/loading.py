"""Read the rules file once, validate it and compile every pattern into a `RuleSet`.

The rule set is data that editors' managers read and extend (see the comments at the
top of ``rules.toml``). A mistake in it (a regular expression that does not compile, an
unknown severity, a category that does not exist, a misspelt key) raises `RuleSetError`,
whose message names the file, the line and the rule, in Chinese, so the person who
edited the file can fix it without reading Python.
"""

import functools
import logging
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from .rules import (
    CONTEXTS,
    KIND_DISCLOSURE,
    KIND_PAIRING,
    KIND_TERM,
    KINDS,
    SEVERITIES,
    Category,
    Exemption,
    QuotingModel,
    Rule,
    RuleSet,
    RuleSetError,
)

logger = logging.getLogger(__name__)

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.toml")
SETTINGS_NAME = "COMPLIANCE_RULES_FILE"

RULE_ID = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]+")
COLUMN_KEY = re.compile(r"[a-z][a-z0-9_]*")
TOP_LEVEL_KEYS = {"version", "exception_window", "quoting", "categories", "exception_sets", "rules"}
QUOTING_KEYS = {
    "pairs",
    "sentence_end",
    "clause_end",
    "reporting_to_sentence_end",
    "reporting_to_clause_end",
    "section_titles",
}
COMMON_RULE_KEYS = {
    "id",
    "category",
    "severity",
    "message",
    "kind",
    "contexts",
    "skip_quoted",
    "exceptions",
    "exception_sets",
    "column_messages",
}
RULE_KEYS = {
    KIND_TERM: COMMON_RULE_KEYS | {"literals", "patterns", "merge"},
    KIND_DISCLOSURE: COMMON_RULE_KEYS
    | {"literals", "patterns", "near", "near_window", "requires", "exempt_columns", "offers", "point_at"},
    KIND_PAIRING: COMMON_RULE_KEYS | {"pairs"},
}


class _Source:
    """The rules file's text, to find the line a rule or a value was written on."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.rule_headers = [
            number
            for number, line in enumerate(self.lines, start=1)
            if re.match(r"\s*\[\[\s*rules\s*\]\]", line)
        ]

    def block(self, header: int | None) -> range:
        """Line numbers from a table header to the line before the next table header."""
        if header is None:
            return range(0)
        end = header
        while end < len(self.lines) and not re.match(r"\s*\[", self.lines[end]):
            end += 1
        return range(header, end + 1)

    def table_header(self, name: str) -> int | None:
        pattern = re.compile(r"\s*\[\s*" + re.escape(name).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    def find(self, lines: range, key: str | None = None, value: str | None = None) -> int | None:
        """The first line in `lines` that holds `value` verbatim, else the one assigning `key`."""
        if value:
            for number in lines:
                if value in self.lines[number - 1]:
                    return number
        if key:
            key_pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
            for number in lines:
                if key_pattern.match(self.lines[number - 1]):
                    return number
        return lines[0] if lines else None

    def error(self, problem: str, *, lines: range = range(0), key=None, value=None, rule_id=None):
        return RuleSetError(
            problem, path=self.path, line=self.find(lines, key, value), rule_id=rule_id
        )


def _compile(
    source: _Source,
    pattern: str,
    *,
    lines: range,
    key: str,
    rule_id: str | None,
    template: str = "{}",
    allow_empty_with_hit: bool = False,
) -> re.Pattern:
    """Compile one regular expression from the file, or raise RuleSetError saying where."""
    if not isinstance(pattern, str) or not pattern:
        raise source.error(
            f"{key} 里的每一项都必须是非空的文字。", lines=lines, key=key, rule_id=rule_id
        )
    try:
        compiled = re.compile(template.format(pattern))
    except re.error as error:
        raise source.error(
            f"正则表达式 {pattern!r} 写得不对：{error}。",
            lines=lines,
            key=key,
            value=pattern,
            rule_id=rule_id,
        ) from error
    if template == "{}" and compiled.match("") is not None:
        if not (allow_empty_with_hit and "hit" in compiled.groupindex):
            raise source.error(
                f"正则表达式 {pattern!r} 可以匹配空字符串，会到处命中。"
                "请让它至少匹配一个字；需要前后文判断时，用 (?P<hit>…) 标出要提示的部分。",
                lines=lines,
                key=key,
                value=pattern,
                rule_id=rule_id,
            )
    return compiled


def _string_list(source, data, key, *, lines, rule_id=None, required=False) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise source.error(
            f'{key} 必须是一组用引号括起来的非空文字，例如 ["保本", "保息"]。',
            lines=lines,
            key=key,
            rule_id=rule_id,
        )
    if required and not value:
        raise source.error(f"缺少 {key}。", lines=lines, key=key, rule_id=rule_id)
    return value


def _pairs(source, value, *, lines, key, rule_id=None) -> tuple[tuple[str, str], ...]:
    ok = (
        isinstance(value, list)
        and value
        and all(
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(mark, str) and len(mark) == 1 for mark in pair)
            for pair in value
        )
    )
    if not ok:
        raise source.error(
            f'{key} 必须是一组成对的单个符号，例如 [["“", "”"], ["（", "）"]]。',
            lines=lines,
            key=key,
            rule_id=rule_id,
        )
    return tuple((left, right) for left, right in value)


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _exemptions(source, entries, *, lines, key, rule_id) -> tuple[Exemption, ...]:
    if not isinstance(entries, list):
        raise source.error(f"{key} 必须是一个列表。", lines=lines, key=key, rule_id=rule_id)
    result = []
    for entry in entries:
        if isinstance(entry, str):
            cover = _compile(source, entry, lines=lines, key=key, rule_id=rule_id)
            result.append(Exemption(source=entry, cover=cover))
            continue
        if not isinstance(entry, dict) or not entry or set(entry) - {"before", "after"}:
            raise source.error(
                f"{key} 的每一项要么是一个正则，要么是 {{ before = '…', after = '…' }}，"
                f"不认识 {entry!r}。",
                lines=lines,
                key=key,
                rule_id=rule_id,
            )
        before = after = None
        if "before" in entry:
            before = _compile(
                source, entry["before"], lines=lines, key=key, rule_id=rule_id, template=r"(?:{})\Z"
            )
        if "after" in entry:
            after = _compile(
                source, entry["after"], lines=lines, key=key, rule_id=rule_id, template="(?:{})"
            )
        label = " … ".join(f"{name}={entry[name]}" for name in ("before", "after") if name in entry)
        result.append(Exemption(source=label, before=before, after=after))
    return tuple(result)


def _combined(exemptions: Iterable[Exemption]) -> tuple[Exemption, ...]:
    """The same exceptions with the before-only and after-only ones each joined into one pattern.

    "Any of these matches right before the hit" is one search of their alternation, so a rule
    with a dozen shared exceptions costs two regex calls per hit instead of a dozen.
    """
    befores, afters, others = [], [], []
    for exemption in exemptions:
        if exemption.cover is None and exemption.after is None:
            befores.append(exemption)
        elif exemption.cover is None and exemption.before is None:
            afters.append(exemption)
        else:
            others.append(exemption)
    combined = list(others)
    if befores:
        combined.append(
            Exemption(
                source=" | ".join(item.source for item in befores),
                before=re.compile("|".join(f"(?:{item.before.pattern})" for item in befores)),
            )
        )
    if afters:
        combined.append(
            Exemption(
                source=" | ".join(item.source for item in afters),
                after=re.compile("|".join(f"(?:{item.after.pattern})" for item in afters)),
            )
        )
    return tuple(combined)


def _quoting(source: _Source, data) -> QuotingModel:
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
    pairs = _pairs(source, data.get("pairs"), lines=lines, key="pairs")
    ends = {}
    for key in ("sentence_end", "clause_end"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise source.error(f"[quoting] 的 {key} 必须是一串标点符号。", lines=lines, key=key)
        ends[key] = re.compile("[" + re.escape(value) + "]")
    reporting = {}
    for key in ("reporting_to_sentence_end", "reporting_to_clause_end"):
        patterns = _string_list(source, data, key, lines=lines)
        for pattern in patterns:
            _compile(source, pattern, lines=lines, key=key, rule_id=None)
        reporting[key] = re.compile(_alternation(patterns)) if patterns else None
    titles = _string_list(source, data, "section_titles", lines=lines)
    return QuotingModel(
        pairs=pairs,
        sentence_end=ends["sentence_end"],
        clause_end=ends["clause_end"],
        reporting_to_sentence_end=reporting["reporting_to_sentence_end"],
        reporting_to_clause_end=reporting["reporting_to_clause_end"],
        section_titles=tuple(titles),
    )


def _categories(source: _Source, data) -> dict[str, Category]:
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


def _exception_sets(source: _Source, data) -> dict[str, tuple[Exemption, ...]]:
    if not isinstance(data, dict):
        raise source.error("[exception_sets] 必须是若干个 [exception_sets.名称] 表。")
    sets = {}
    for name, table in data.items():
        lines = source.block(source.table_header(f"exception_sets.{name}"))
        if not isinstance(table, dict) or set(table) - {"exceptions", "description"}:
            raise source.error(f"公用例外 {name} 只能包含 exceptions。", lines=lines)
        sets[name] = _exemptions(
            source, table.get("exceptions", []), lines=lines, key="exceptions", rule_id=None
        )
    return sets


def _rule(source: _Source, data, index: int, categories, exception_sets, seen_ids) -> Rule:
    header = source.rule_headers[index] if index < len(source.rule_headers) else None
    lines = source.block(header)
    if not isinstance(data, dict):
        raise source.error("每条规则必须写成 [[rules]] 表。", lines=lines)
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        raise source.error(
            f'规则编号 id 必须是英文小写的“类别.名称”，例如 "returns.guaranteed"，现在是 {rule_id!r}。',
            lines=lines,
            key="id",
        )
    if rule_id in seen_ids:
        raise source.error(
            "规则编号重复了，每条规则的 id 必须不同。", lines=lines, key="id", rule_id=rule_id
        )
    seen_ids.add(rule_id)

    def fail(problem, key=None, value=None):
        return source.error(problem, lines=lines, key=key, value=value, rule_id=rule_id)

    kind = data.get("kind", KIND_TERM)
    if kind not in KINDS:
        raise fail(f"不认识的规则种类 kind = {kind!r}，只能是 {'、'.join(KINDS)}。", key="kind")
    unknown = set(data) - RULE_KEYS[kind]
    if unknown:
        raise fail(
            f"有不认识的项目：{'、'.join(sorted(unknown))}（{kind} 规则能写的项目见文件开头的说明）。",
            key=sorted(unknown)[0],
        )
    category = categories.get(data.get("category"))
    if category is None:
        raise fail(
            f"类别 {data.get('category')!r} 不存在，可用的类别：{'、'.join(categories)}。",
            key="category",
        )
    severity = data.get("severity")
    if severity not in SEVERITIES:
        raise fail(f"不认识的严重程度 {severity!r}，只能是“错误”或“提醒”。", key="severity")
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail("缺少说明 message：要告诉编辑为什么不行、应该怎么写。", key="message")
    column_messages = _column_messages(data.get("column_messages", {}), fail)
    contexts = data.get("contexts", list(CONTEXTS))
    if not isinstance(contexts, list) or not contexts or set(contexts) - set(CONTEXTS):
        raise fail(f"contexts 只能从 {'、'.join(CONTEXTS)} 里选。", key="contexts")
    for key in ("skip_quoted", "merge"):
        if key in data and not isinstance(data[key], bool):
            raise fail(f"{key} 只能是 true 或 false。", key=key)

    exemptions = list(
        _exemptions(
            source, data.get("exceptions", []), lines=lines, key="exceptions", rule_id=rule_id
        )
    )
    set_names = _string_list(source, data, "exception_sets", lines=lines, rule_id=rule_id)
    for name in set_names:
        if name not in exception_sets:
            raise fail(
                f"公用例外 {name!r} 不存在，可用的有：{'、'.join(exception_sets) or '（无）'}。",
                key="exception_sets",
                value=name,
            )
        exemptions.extend(exception_sets[name])

    attributes = {}
    if kind in (KIND_TERM, KIND_DISCLOSURE):
        literals = _string_list(source, data, "literals", lines=lines, rule_id=rule_id)
        patterns = [
            _compile(
                source,
                pattern,
                lines=lines,
                key="patterns",
                rule_id=rule_id,
                allow_empty_with_hit=kind == KIND_TERM,
            )
            for pattern in _string_list(source, data, "patterns", lines=lines, rule_id=rule_id)
        ]
        if literals:
            ordered = sorted(set(literals), key=len, reverse=True)
            patterns.insert(0, re.compile("|".join(re.escape(literal) for literal in ordered)))
        if not patterns:
            raise fail("至少要写 literals 或 patterns 之一。", key="literals")
        attributes["patterns"] = tuple(patterns)
        attributes["merge"] = data.get("merge", True)
    if kind == KIND_DISCLOSURE:
        requires = _string_list(
            source, data, "requires", lines=lines, rule_id=rule_id, required=True
        )
        attributes["requires"] = tuple(
            _compile(source, pattern, lines=lines, key="requires", rule_id=rule_id)
            for pattern in requires
        )
        if "near" in data:
            attributes["near"] = _compile(
                source, data["near"], lines=lines, key="near", rule_id=rule_id
            )
            window = data.get("near_window", 60)
            if not isinstance(window, int) or isinstance(window, bool) or window < 1:
                raise fail("near_window 必须是正整数（字数）。", key="near_window")
            attributes["near_window"] = window
        columns = _string_list(source, data, "exempt_columns", lines=lines, rule_id=rule_id)
        for key in columns:
            if not COLUMN_KEY.fullmatch(key):
                raise fail(
                    f'exempt_columns 里要写栏目的英文键（例如 "antifraud"），{key!r} 不是。',
                    key="exempt_columns",
                    value=key,
                )
        attributes["exempt_columns"] = frozenset(columns)
        attributes["offers"] = tuple(
            _compile(source, pattern, lines=lines, key="offers", rule_id=rule_id)
            for pattern in _string_list(source, data, "offers", lines=lines, rule_id=rule_id)
        )
        attributes["point_at"] = tuple(
            _compile(source, pattern, lines=lines, key="point_at", rule_id=rule_id)
            for pattern in _string_list(source, data, "point_at", lines=lines, rule_id=rule_id)
        )
        if attributes["offers"] and not columns:
            raise fail(
                "offers 只在写了 exempt_columns 时才起作用：它说明豁免栏目里的文字什么时候仍要披露。",
                key="offers",
            )
    if kind == KIND_PAIRING:
        attributes["pairs"] = _pairs(
            source, data.get("pairs"), lines=lines, key="pairs", rule_id=rule_id
        )

    return Rule(
        id=rule_id,
        category=category,
        severity=severity,
        message=message.strip(),
        kind=kind,
        line=header,
        exemptions=_combined(exemptions),
        skip_quoted=data.get("skip_quoted", True),
        contexts=frozenset(contexts),
        column_messages=column_messages,
        **attributes,
    )


def _column_messages(value, fail) -> tuple[tuple[str, str], ...]:
    """`column_messages = { loans = "…" }`: the advice a column's pages get instead of `message`."""
    if not isinstance(value, dict):
        raise fail('column_messages 要写成 { loans = "…" }：栏目的英文键 = 给该栏目的说明。', key="column_messages")
    for key, text in value.items():
        if not COLUMN_KEY.fullmatch(key):
            raise fail(f'column_messages 里要写栏目的英文键（例如 loans），{key!r} 不是。', key="column_messages")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"column_messages 里 {key} 的说明不能为空。", key="column_messages")
    return tuple(sorted((key, text.strip()) for key, text in value.items()))


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
    source = _Source(path, text)
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
        _rule(source, entry, index, categories, exception_sets, seen)
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
