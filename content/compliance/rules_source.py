"""Reading values out of the compliance rules file: each mistake is a RuleSetError that names its line.

`RulesSource` keeps the file's text to find the line a table, key or value was written on;
the readers below take one value (a list of words, a regular expression, pairs of marks, a
list of exceptions) and raise `source.error(...)` in Chinese when it is written wrong.
"""

import re
from collections.abc import Iterable
from pathlib import Path

from .rules import Exemption, RuleSetError


class RulesSource:
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


def pattern_compile(
    source: RulesSource,
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


def string_list(source, data, key, *, lines, rule_id=None, required=False) -> list[str]:
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


def mark_pairs(source, value, *, lines, key, rule_id=None) -> tuple[tuple[str, str], ...]:
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


def alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def exemptions_read(source, entries, *, lines, key, rule_id) -> tuple[Exemption, ...]:
    if not isinstance(entries, list):
        raise source.error(f"{key} 必须是一个列表。", lines=lines, key=key, rule_id=rule_id)
    result = []
    for entry in entries:
        if isinstance(entry, str):
            cover = pattern_compile(source, entry, lines=lines, key=key, rule_id=rule_id)
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
            before = pattern_compile(
                source, entry["before"], lines=lines, key=key, rule_id=rule_id, template=r"(?:{})\Z"
            )
        if "after" in entry:
            after = pattern_compile(
                source, entry["after"], lines=lines, key=key, rule_id=rule_id, template="(?:{})"
            )
        label = " … ".join(f"{name}={entry[name]}" for name in ("before", "after") if name in entry)
        result.append(Exemption(source=label, before=before, after=after))
    return tuple(result)


def exemptions_combined(exemptions: Iterable[Exemption]) -> tuple[Exemption, ...]:
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
