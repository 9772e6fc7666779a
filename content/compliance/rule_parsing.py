"""One `[[rules]]` table of the rules file checked and compiled into a `Rule`.

Every rule has an id, a category, a severity, a message and the contexts it applies in; its
kind (term, disclosure, pairing) adds what it matches. Each reader below takes one part, and
a mistake raises RuleSetError naming the rule and its line.
"""

import re
from dataclasses import dataclass

from .rules import (
    CONTEXTS,
    KIND_DISCLOSURE,
    KIND_PAIRING,
    KIND_TERM,
    KINDS,
    SEVERITIES,
    Category,
    Exemption,
    Rule,
    RuleSetError,
)
from .rules_source import (
    RulesSource,
    exemptions_combined,
    exemptions_read,
    mark_pairs,
    pattern_compile,
    string_list,
)

RULE_ID = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]+")
COLUMN_KEY = re.compile(r"[a-z][a-z0-9_]*")
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


@dataclass(frozen=True)
class RuleTable:
    """One [[rules]] table being read: its data, where it stands in the file and its id."""

    source: RulesSource
    data: dict
    lines: range
    rule_id: str

    def fail(self, problem: str, key: str | None = None, value: str | None = None) -> RuleSetError:
        return self.source.error(problem, lines=self.lines, key=key, value=value, rule_id=self.rule_id)

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        return string_list(self.source, self.data, key, lines=self.lines, rule_id=self.rule_id, required=required)

    def compiled(self, pattern: str, key: str, **options) -> re.Pattern:
        return pattern_compile(self.source, pattern, lines=self.lines, key=key, rule_id=self.rule_id, **options)

    def compiled_list(self, key: str, *, required: bool = False) -> tuple[re.Pattern, ...]:
        return tuple(self.compiled(pattern, key) for pattern in self.strings(key, required=required))


def rule_parse(source: RulesSource, data, index: int, categories, exception_sets, seen_ids: set[str]) -> Rule:
    """The `index`-th [[rules]] table as a compiled Rule; its id is added to `seen_ids`."""
    header = source.rule_headers[index] if index < len(source.rule_headers) else None
    lines = source.block(header)
    if not isinstance(data, dict):
        raise source.error("每条规则必须写成 [[rules]] 表。", lines=lines)
    table = RuleTable(source=source, data=data, lines=lines, rule_id=_rule_id(source, data, lines, seen_ids))
    # Read in the file's order of concerns, so that the first mistake is the one reported.
    kind = _kind(table)
    category = _category(table, categories)
    severity = _severity(table)
    message = _message(table)
    column_messages = _column_messages(table)
    contexts = _contexts(table)
    exemptions = _exemptions(table, exception_sets)
    attributes = {}
    if kind in (KIND_TERM, KIND_DISCLOSURE):
        attributes |= _matching(table, kind)
    if kind == KIND_DISCLOSURE:
        attributes |= _disclosure(table)
    if kind == KIND_PAIRING:
        attributes["pairs"] = mark_pairs(source, data.get("pairs"), lines=lines, key="pairs", rule_id=table.rule_id)
    return Rule(
        id=table.rule_id,
        category=category,
        severity=severity,
        message=message,
        kind=kind,
        line=header,
        exemptions=exemptions_combined(exemptions),
        skip_quoted=data.get("skip_quoted", True),
        contexts=contexts,
        column_messages=column_messages,
        **attributes,
    )


def _rule_id(source: RulesSource, data: dict, lines: range, seen_ids: set[str]) -> str:
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        raise source.error(
            f'规则编号 id 必须是英文小写的“类别.名称”，例如 "returns.guaranteed"，现在是 {rule_id!r}。',
            lines=lines,
            key="id",
        )
    if rule_id in seen_ids:
        raise source.error("规则编号重复了，每条规则的 id 必须不同。", lines=lines, key="id", rule_id=rule_id)
    seen_ids.add(rule_id)
    return rule_id


def _kind(table: RuleTable) -> str:
    kind = table.data.get("kind", KIND_TERM)
    if kind not in KINDS:
        raise table.fail(f"不认识的规则种类 kind = {kind!r}，只能是 {'、'.join(KINDS)}。", key="kind")
    unknown = set(table.data) - RULE_KEYS[kind]
    if unknown:
        raise table.fail(
            f"有不认识的项目：{'、'.join(sorted(unknown))}（{kind} 规则能写的项目见文件开头的说明）。",
            key=sorted(unknown)[0],
        )
    return kind


def _category(table: RuleTable, categories: dict[str, Category]) -> Category:
    category = categories.get(table.data.get("category"))
    if category is None:
        raise table.fail(
            f"类别 {table.data.get('category')!r} 不存在，可用的类别：{'、'.join(categories)}。",
            key="category",
        )
    return category


def _severity(table: RuleTable) -> str:
    severity = table.data.get("severity")
    if severity not in SEVERITIES:
        raise table.fail(f"不认识的严重程度 {severity!r}，只能是“错误”或“提醒”。", key="severity")
    return severity


def _message(table: RuleTable) -> str:
    message = table.data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise table.fail("缺少说明 message：要告诉编辑为什么不行、应该怎么写。", key="message")
    return message.strip()


def _contexts(table: RuleTable) -> frozenset[str]:
    contexts = table.data.get("contexts", list(CONTEXTS))
    if not isinstance(contexts, list) or not contexts or set(contexts) - set(CONTEXTS):
        raise table.fail(f"contexts 只能从 {'、'.join(CONTEXTS)} 里选。", key="contexts")
    for key in ("skip_quoted", "merge"):
        if key in table.data and not isinstance(table.data[key], bool):
            raise table.fail(f"{key} 只能是 true 或 false。", key=key)
    return frozenset(contexts)


def _column_messages(table: RuleTable) -> tuple[tuple[str, str], ...]:
    """`column_messages = { loans = "…" }`: the advice a column's pages get instead of `message`."""
    value = table.data.get("column_messages", {})
    if not isinstance(value, dict):
        raise table.fail('column_messages 要写成 { loans = "…" }：栏目的英文键 = 给该栏目的说明。', key="column_messages")
    for key, text in value.items():
        if not COLUMN_KEY.fullmatch(key):
            raise table.fail(f'column_messages 里要写栏目的英文键（例如 loans），{key!r} 不是。', key="column_messages")
        if not isinstance(text, str) or not text.strip():
            raise table.fail(f"column_messages 里 {key} 的说明不能为空。", key="column_messages")
    return tuple(sorted((key, text.strip()) for key, text in value.items()))


def _exemptions(table: RuleTable, exception_sets: dict[str, tuple[Exemption, ...]]) -> list[Exemption]:
    """The rule's own exceptions, then those of the shared sets it names."""
    exemptions = list(
        exemptions_read(table.source, table.data.get("exceptions", []), lines=table.lines, key="exceptions",
                        rule_id=table.rule_id)
    )
    for name in table.strings("exception_sets"):
        if name not in exception_sets:
            raise table.fail(
                f"公用例外 {name!r} 不存在，可用的有：{'、'.join(exception_sets) or '（无）'}。",
                key="exception_sets",
                value=name,
            )
        exemptions.extend(exception_sets[name])
    return exemptions


def _matching(table: RuleTable, kind: str) -> dict:
    """What a term or disclosure rule looks for: its literals (longest first) and patterns."""
    literals = table.strings("literals")
    patterns = [
        table.compiled(pattern, "patterns", allow_empty_with_hit=kind == KIND_TERM)
        for pattern in table.strings("patterns")
    ]
    if literals:
        ordered = sorted(set(literals), key=len, reverse=True)
        patterns.insert(0, re.compile("|".join(re.escape(literal) for literal in ordered)))
    if not patterns:
        raise table.fail("至少要写 literals 或 patterns 之一。", key="literals")
    return {"patterns": tuple(patterns), "merge": table.data.get("merge", True)}


def _disclosure(table: RuleTable) -> dict:
    """What a disclosure rule requires, near what, and which columns are exempt unless they offer."""
    attributes = {"requires": table.compiled_list("requires", required=True)}
    if "near" in table.data:
        attributes["near"] = table.compiled(table.data["near"], "near")
        window = table.data.get("near_window", 60)
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise table.fail("near_window 必须是正整数（字数）。", key="near_window")
        attributes["near_window"] = window
    columns = table.strings("exempt_columns")
    for key in columns:
        if not COLUMN_KEY.fullmatch(key):
            raise table.fail(
                f'exempt_columns 里要写栏目的英文键（例如 "antifraud"），{key!r} 不是。',
                key="exempt_columns",
                value=key,
            )
    attributes["exempt_columns"] = frozenset(columns)
    attributes["offers"] = table.compiled_list("offers")
    attributes["point_at"] = table.compiled_list("point_at")
    if attributes["offers"] and not columns:
        raise table.fail(
            "offers 只在写了 exempt_columns 时才起作用：它说明豁免栏目里的文字什么时候仍要披露。",
            key="offers",
        )
    return attributes
