"""The compliance rule set as the engine uses it: categories, rules, exceptions, the quoting model.

`loading.py` builds these from ``rules.toml``; `engine.py` applies them. Severity
错误 blocks publication, 提醒 only warns. A rule's kind says how it is applied: ``term``
(each match is a finding), ``disclosure`` (the document must contain some wording once
it mentions something) or ``pairing`` (marks that must come in pairs).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "错误"
WARNING = "提醒"
SEVERITIES = (ERROR, WARNING)

CONTEXT_BODY = "body"
CONTEXT_TITLE = "title"
CONTEXT_SUMMARY = "summary"
CONTEXT_QUOTE = "quote"
CONTEXTS = (CONTEXT_BODY, CONTEXT_TITLE, CONTEXT_SUMMARY, CONTEXT_QUOTE)

KIND_TERM = "term"
KIND_DISCLOSURE = "disclosure"
KIND_PAIRING = "pairing"
KINDS = (KIND_TERM, KIND_DISCLOSURE, KIND_PAIRING)


class RuleSetError(Exception):
    """The rules file cannot be used: it is missing, not valid TOML, or a rule in it is wrong."""

    def __init__(
        self, problem: str, *, path: Path | str, line: int | None = None, rule_id: str | None = None
    ):
        self.problem = problem
        self.path = str(path)
        self.line = line
        self.rule_id = rule_id
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path} 第 {self.line} 行"
        who = f"规则 {self.rule_id}：" if self.rule_id else ""
        return f"合规规则文件有误（{where}）：{who}{self.problem}"


@dataclass(frozen=True)
class Category:
    """A category of rules, such as 绝对化用语, with its explanation."""

    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Exemption:
    """One exception: text around a hit that makes the hit not a claim.

    Either `cover` (a pattern whose match covers the hit, e.g. 最好不要 around 最好) or
    `before`/`after` (patterns that must match right before and/or right after the hit).
    """

    source: str
    cover: re.Pattern | None = None
    before: re.Pattern | None = None
    after: re.Pattern | None = None

    def applies(self, text: str, start: int, end: int, window: int) -> bool:
        """True when this exception excuses the hit text[start:end]."""
        if self.cover is not None:
            pos, limit = max(0, start - window), min(len(text), end + window)
            while pos <= start:
                match = self.cover.search(text, pos, limit)
                if match is None or match.start() > start:
                    return False
                if match.end() >= end:
                    return True
                pos = match.start() + 1
            return False
        if (
            self.before is not None
            and self.before.search(text, max(0, start - window), start) is None
        ):
            return False
        if self.after is not None and self.after.match(text, end, end + window) is None:
            return False
        return True


@dataclass(frozen=True)
class Rule:
    """One rule of the set. Which attributes matter depends on `kind` (term, disclosure, pairing)."""

    id: str
    category: Category
    severity: str
    message: str
    kind: str = KIND_TERM
    line: int | None = None
    patterns: tuple[re.Pattern, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    skip_quoted: bool = True
    contexts: frozenset[str] = frozenset(CONTEXTS)
    merge: bool = False
    near: re.Pattern | None = None
    near_window: int = 0
    requires: tuple[re.Pattern, ...] = ()
    exempt_columns: frozenset[str] = frozenset()
    offers: tuple[re.Pattern, ...] = ()
    point_at: tuple[re.Pattern, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    column_messages: tuple[tuple[str, str], ...] = ()

    def message_for(self, column: str | None) -> str:
        """The advice for a page of `column`: its own wording in `column_messages`, else `message`.

        A loan article told to add an investment risk warning would learn nothing; the rule
        set can say what fits each column instead.
        """
        return dict(self.column_messages).get(column, self.message) if column else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def exempt_in(self, column: str | None) -> bool:
        """True when pages of `column` need this rule only if they offer a product (see `offers`).

        A text whose column is unknown (None: plain text, a page outside the columns) is never exempt.
        """
        return column is not None and column in self.exempt_columns

    def excused(self, text: str, start: int, end: int, window: int) -> bool:
        """True when one of the rule's exceptions applies to the hit text[start:end]."""
        return any(exemption.applies(text, start, end, window) for exemption in self.exemptions)


@dataclass(frozen=True)
class QuotingModel:
    """What counts as reported speech: quotation pairs, reporting phrases, quoting sections."""

    pairs: tuple[tuple[str, str], ...]
    sentence_end: re.Pattern
    clause_end: re.Pattern
    reporting_to_sentence_end: re.Pattern | None
    reporting_to_clause_end: re.Pattern | None
    section_titles: tuple[str, ...] = ()

    def is_quoting_section(self, title: str) -> bool:
        """True when a field or heading called `title` is a quoting context (e.g. 作案手法)."""
        return any(name in title for name in self.section_titles)


@dataclass(frozen=True)
class RuleSet:
    """The loaded rule set, ready to check text with."""

    path: Path
    version: int
    exception_window: int
    quoting: QuotingModel
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    by_kind: dict[str, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_kind = {kind: tuple(rule for rule in self.rules if rule.kind == kind) for kind in KINDS}
        object.__setattr__(self, "by_kind", by_kind)

    @property
    def column_keys(self) -> frozenset[str]:
        """Every column key the rules name (``exempt_columns``, ``column_messages``), to compare
        with the site's columns."""
        return frozenset(
            key
            for rule in self.rules
            for key in (*rule.exempt_columns, *(column for column, _text in rule.column_messages))
        )

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
