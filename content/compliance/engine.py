"""The compliance engine: apply the rule set to plain text and report findings with offsets.

`check_text` checks one text; `check_segments` checks the several texts of one page
together, so that a document-level rule (a loan price needs 年化利率 somewhere on the
page) sees the whole page while term rules look at each text on its own.
"""

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .loading import default_rules
from .quoting import ReportedSpeech, is_apostrophe
from .rules import (
    CONTEXT_BODY,
    CONTEXT_QUOTE,
    CONTEXTS,
    ERROR,
    KIND_DISCLOSURE,
    KIND_PAIRING,
    KIND_TERM,
    Rule,
    RuleSet,
)


@dataclass(frozen=True)
class Finding:
    """One problem found in a text: which rule, where (character offsets) and what to do instead."""

    rule_id: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str

    @property
    def is_error(self) -> bool:
        """True when the finding blocks publication (severity 错误)."""
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {
            "rule": self.rule_id,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
        }


def _finding(rule: Rule, text: str, start: int, end: int, column: str | None = None) -> Finding:
    return Finding(
        rule_id=rule.id,
        category=rule.category.name,
        severity=rule.severity,
        start=start,
        end=end,
        text=text[start:end],
        message=rule.message_for(column),
    )


def _hits(rule: Rule, text: str):
    """Every (start, end) a rule's patterns match, the (?P<hit>…) group if the pattern has one."""
    for pattern in rule.patterns:
        marked = "hit" in pattern.groupindex
        for match in pattern.finditer(text):
            start, end = (
                match.span("hit") if marked and match.group("hit") is not None else match.span()
            )
            if end > start:
                yield start, end


def _counts(
    rule: Rule, text: str, start: int, end: int, voice: ReportedSpeech, window: int
) -> bool:
    """True when a hit is the company's own words: not excused by an exception, not reported speech."""
    if rule.skip_quoted and voice.covers(start, end):
        return False
    return not rule.excused(text, start, end, window)


def _drop_contained(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop hits that lie inside a longer hit of the same rule (稳赚 inside 稳赚不赔)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and kept[-1][0] <= start and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def _merge_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join hits that share characters, e.g. the five spacing hits in 2024年3月5日 become one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _term_findings(
    text: str, context: str, voice: ReportedSpeech, ruleset: RuleSet, column: str | None
) -> list[Finding]:
    """Each place a term rule matches, once: hits of one rule that share characters are one
    problem (全网最 and 最低 in 全网最低), unless the rule says ``merge = false``."""
    findings = []
    window = ruleset.exception_window
    for rule in ruleset.by_kind[KIND_TERM]:
        if context not in rule.contexts or (rule.skip_quoted and context == CONTEXT_QUOTE):
            continue
        spans = {span for span in _hits(rule, text) if _counts(rule, text, *span, voice, window)}
        kept = _drop_contained(list(spans))
        if rule.merge:
            kept = _merge_overlapping(kept)
        findings.extend(_finding(rule, text, start, end, column) for start, end in kept)
    return findings


def _pairing_findings(text: str, context: str, ruleset: RuleSet, column: str | None) -> list[Finding]:
    """Marks left without their other half, checked line by line."""
    findings = []
    for rule in ruleset.by_kind[KIND_PAIRING]:
        if context not in rule.contexts:
            continue
        for left, right in rule.pairs:
            if left not in text and right not in text:
                continue
            open_marks: list[int] = []
            for match in re.finditer(f"[{re.escape(left)}{re.escape(right)}\n]", text):
                index, mark = match.start(), match.group()
                if mark == "\n":
                    unmatched = open_marks
                    open_marks = []
                elif mark == left:
                    open_marks.append(index)
                    continue
                elif right == "’" and is_apostrophe(text, index):
                    continue
                elif open_marks:
                    open_marks.pop()
                    continue
                else:
                    unmatched = [index]
                findings.extend(_finding(rule, text, start, start + 1, column) for start in unmatched)
            findings.extend(_finding(rule, text, start, start + 1, column) for start in open_marks)
    return findings


def _first_trigger(
    rule: Rule, text: str, voice: ReportedSpeech, window: int, patterns=None
) -> tuple[int, int] | None:
    """The first place in `text` where the rule's triggers (or `patterns`) speak in the company's voice."""
    hits = _hits(rule, text) if patterns is None else _pattern_hits(patterns, text)
    for start, end in sorted(set(hits)):
        if not _counts(rule, text, start, end, voice, window):
            continue
        if (
            rule.near is not None
            and rule.near.search(
                text, max(0, start - rule.near_window), min(len(text), end + rule.near_window)
            )
            is None
        ):
            continue
        return start, end
    return None


def _pattern_hits(patterns, text: str):
    for pattern in patterns:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.span()


class _Joined:
    """The segments of one context joined into one text, one per line, checked in one pass.

    Checking a page block by block would run every pattern once per block; joining them
    with newlines (which no rule matches across: reported speech, quotations and pairs all
    stop at a line end) runs each pattern once per context. `locate` maps a finding back.
    """

    def __init__(
        self,
        segments: Sequence[tuple[str, str]],
        indexes: list[int],
        context: str,
        ruleset: RuleSet,
    ):
        self.segments = segments
        self.indexes = indexes
        self.context = context
        self.starts = []
        offset = 0
        for index in indexes:
            self.starts.append(offset)
            offset += len(segments[index][0]) + 1
        self.text = "\n".join(segments[index][0] for index in indexes)
        self.voice = ReportedSpeech(self.text, ruleset.quoting, whole=context == CONTEXT_QUOTE)

    def locate(self, finding: Finding) -> tuple[int, Finding]:
        """(segment index, the finding with offsets and text relative to that segment)."""
        position = bisect.bisect_right(self.starts, finding.start) - 1
        index = self.indexes[position]
        text = self.segments[index][0]
        start = finding.start - self.starts[position]
        end = min(finding.end - self.starts[position], len(text))
        return index, dataclasses.replace(finding, start=start, end=end, text=text[start:end])


def _own_voice_documents(rule: Rule, documents: list[_Joined]) -> list[_Joined]:
    """The joined contexts a rule reads: its contexts, less the quoting one if it skips quotes."""
    return [
        document
        for document in documents
        if document.context in rule.contexts
        and not (rule.skip_quoted and document.context == CONTEXT_QUOTE)
    ]


def _offers_product(rule: Rule, documents: list[_Joined], window: int) -> bool:
    """True when one of the rule's `offers` patterns occurs in the company's own words."""
    for document in documents:
        for pattern in rule.offers:
            for match in pattern.finditer(document.text):
                if match.end() > match.start() and _counts(
                    rule, document.text, match.start(), match.end(), document.voice, window
                ):
                    return True
    return False


def _disclosure_findings(
    documents: list[_Joined], segments, ruleset: RuleSet, column: str | None
) -> list[tuple[int, Finding]]:
    """Document-level rules: one finding when no required wording is present.

    The finding points at the first place that says what the rule's ``point_at`` names (the
    price itself: 每天只要 5 元), or else at the first trigger (利息, 手续费). In a column the
    rule exempts (an anti-fraud page describing a scam's bait), the rule applies only when
    the page also offers a product in its own words.
    """
    results = []
    window = ruleset.exception_window
    for rule in ruleset.by_kind[KIND_DISCLOSURE]:
        if any(pattern.search(text) for text, _context in segments for pattern in rule.requires):
            continue
        own_voice = _own_voice_documents(rule, documents)
        if rule.exempt_in(column) and not _offers_product(rule, own_voice, window):
            continue
        # The specific wording first (point_at), then the rule's general triggers.
        for patterns in (rule.point_at, None) if rule.point_at else (None,):
            candidates = []
            for document in own_voice:
                span = _first_trigger(rule, document.text, document.voice, window, patterns)
                if span is not None:
                    candidates.append(document.locate(_finding(rule, document.text, *span, column)))
            if candidates:
                results.append(min(candidates, key=lambda item: (item[0], item[1].start)))
                break
    return results


def check_segments(
    segments: Sequence[tuple[str, str]],
    *,
    rules: RuleSet | None = None,
    column: str | None = None,
) -> list[tuple[int, Finding]]:
    """Check several texts of one document, each as (text, context); give (segment index, Finding).

    Term and pairing rules look at each text on its own; disclosure rules look at all of them
    together and report at the first place that needs the disclosure. `column` is the key of
    the column the document belongs to (``antifraud`` …), which a disclosure rule may exempt
    (see ``exempt_columns`` in rules.toml); None when unknown, which exempts nothing. Findings
    come in reading order, with offsets relative to their own segment.
    """
    ruleset = rules or default_rules()
    groups: dict[str, list[int]] = {}
    for index, (_text, context) in enumerate(segments):
        if context not in CONTEXTS:
            raise ValueError(f"Unknown context {context!r}; expected one of {', '.join(CONTEXTS)}")
        groups.setdefault(context, []).append(index)
    documents = [
        _Joined(segments, indexes, context, ruleset) for context, indexes in groups.items()
    ]
    results: list[tuple[int, Finding]] = []
    for document in documents:
        findings = _term_findings(document.text, document.context, document.voice, ruleset, column)
        findings += _pairing_findings(document.text, document.context, ruleset, column)
        results.extend(document.locate(finding) for finding in findings)
    results.extend(_disclosure_findings(documents, segments, ruleset, column))
    results.sort(key=lambda item: (item[0], item[1].start, item[1].end, item[1].rule_id))
    return results


def check_text(
    text: str,
    *,
    context: str = CONTEXT_BODY,
    rules: RuleSet | None = None,
    column: str | None = None,
) -> list[Finding]:
    """Check one plain text and return its findings in order of position.

    `context` says where the text stands: ``body`` (default), ``title`` or ``summary`` speak
    in the company's voice; ``quote`` is a quoting context (quiz choices, 案情经过, 作案手法,
    识别要点) where claims are reported speech and only copy-editing rules apply. `column`
    is the key of the column the text is published in, when known (see `check_segments`).

    >>> [finding.rule_id for finding in check_text("本产品保本保息。投资有风险，理财需谨慎。")]
    ['returns.guaranteed']
    """
    return [
        finding for _index, finding in check_segments([(text, context)], rules=rules, column=column)
    ]
