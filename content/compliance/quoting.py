"""Reported speech: which stretches of a text quote someone else rather than speak for the company.

A case study that says 骗子称“稳赚不赔” reports a scammer's line; an article that says
本产品稳赚不赔 makes the claim itself. Text counts as quoted when it lies between a
matched pair of quotation marks on one line (“…” 「…」 『…』 ‘…’), or after a reporting phrase
(骗子称, 对方声称, 号称, 谎称 …) up to the end of that sentence, or after 所谓 up to the
end of the clause. The phrases and marks come from the ``[quoting]`` table of rules.toml.
An opening mark without its closing mark quotes nothing: the safer reading for compliance.
"""

import bisect
import re

from .rules import QuotingModel

_ASCII_LETTER = re.compile(r"[A-Za-z]")


def is_apostrophe(text: str, index: int) -> bool:
    """True for ’ used as an English apostrophe (don’t), which is not a closing quote."""
    return (
        0 < index < len(text) - 1
        and _ASCII_LETTER.match(text[index - 1]) is not None
        and _ASCII_LETTER.match(text[index + 1]) is not None
    )


def quotation_spans(text: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """The (start, end) of the text inside each matched pair of quotation marks.

    >>> quotation_spans("骗子称“稳赚不赔”", (("“", "”"),))
    [(4, 8)]
    """
    spans = []
    for left, right in pairs:
        if left not in text:
            continue
        marks = re.escape(left) if left == right else re.escape(left) + re.escape(right)
        stack: list[int] = []
        for match in re.finditer(f"[{marks}\\n]", text):
            index, mark = match.start(), match.group()
            if mark == "\n":
                stack = []
            elif left == right and stack:
                spans.append((stack.pop() + 1, index))
            elif mark == left:
                stack.append(index)
            elif stack and not (right == "’" and is_apostrophe(text, index)):
                spans.append((stack.pop() + 1, index))
    return spans


def _reported_spans(
    text: str, phrases: re.Pattern | None, stop: re.Pattern
) -> list[tuple[int, int]]:
    if phrases is None:
        return []
    spans = []
    for match in phrases.finditer(text):
        if match.end() == match.start():
            continue
        found = stop.search(text, match.end())
        spans.append((match.end(), found.start() if found else len(text)))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class ReportedSpeech:
    """The quoted stretches of one text, computed once and asked `covers(start, end)` many times.

    In a quoting context (quiz choices, 案情经过 …) the whole text is reported speech.
    """

    def __init__(self, text: str, model: QuotingModel, *, whole: bool = False):
        self.text = text
        self.model = model
        self.whole = whole
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Merged, sorted (start, end) stretches that are reported speech."""
        if self._spans is None:
            if self.whole:
                self._spans = [(0, len(self.text))]
            else:
                model = self.model
                self._spans = _merge(
                    quotation_spans(self.text, model.pairs)
                    + _reported_spans(
                        self.text, model.reporting_to_sentence_end, model.sentence_end
                    )
                    + _reported_spans(self.text, model.reporting_to_clause_end, model.clause_end)
                )
            self._starts = [start for start, _end in self._spans]
        return self._spans

    def covers(self, start: int, end: int) -> bool:
        """True when text[start:end] lies wholly inside reported speech."""
        spans = self.spans
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and spans[index][0] <= start and end <= spans[index][1]
