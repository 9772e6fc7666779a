"""Site search for readers, the app and the answer desk: `search(query=…)` → ranked results with snippets.

Readers' questions are analysed (analysis.py), ranked with BM25 against the in-process
index of the pages they may see (index.py, ranking.py), and each result carries the
passage that matched best as a highlighted snippet: HTML-escaped text with <mark> around
the query's words, safe to insert as HTML and nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import Query, analyse_query, fold
from .index import Document, current_index
from .ranking import best_passages, effective_terms, rank_documents

MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 90
RESULT_LIMIT = 100
KIND_LABELS = {"article": "文章", "case": "案例分析", "bulletin": "防诈周报"}
COLUMN_LABELS = {"credit": "征信", "loans": "信贷", "aml": "反洗钱", "antifraud": "反诈骗"}
_WORDISH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z\uff10-\uff19\uff21-\uff5a]")


class SearchQueryError(ValueError):
    """A question that cannot be searched; the message (in Chinese) is for the reader."""


def clean_query(query: str | None) -> str:
    """The question as searched: whitespace collapsed. Raises SearchQueryError, with the reason, when unusable.

    Empty, longer than MAX_QUERY_LENGTH, holding control or invisible format characters
    (other than line breaks and tabs, which count as spaces), or without any letter, digit
    or Han character.
    """
    query = query or ""
    if len(query) > MAX_QUERY_LENGTH * 4:
        raise SearchQueryError(f"问题太长了，请控制在 {MAX_QUERY_LENGTH} 个字以内。")
    query = " ".join(query.split())
    if not query:
        raise SearchQueryError("请输入要搜索的内容，例如“征信有逾期怎么办”或“刷单”。")
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"问题太长了，请控制在 {MAX_QUERY_LENGTH} 个字以内。")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in query):
        raise SearchQueryError("输入里有无法识别的字符，请删掉后再试。")
    if not _WORDISH.search(query):
        raise SearchQueryError("请输入汉字、字母或数字，例如“网贷逾期会影响征信吗”。")
    return query


def highlight(text: str, terms, *, length: int = SNIPPET_LENGTH) -> SafeString:
    """`text` cut to about `length` characters around the first match, escaped, with each term in <mark>.

    >>> highlight("不要向“安全账户”转账", ["安全账户"])
    '不要向“<mark>安全账户</mark>”转账'
    """
    folded = fold(text)
    if len(folded) != len(text):
        text = folded
    marks = [False] * len(text)
    for term in sorted({term for term in terms if term}, key=len, reverse=True):
        start = folded.find(term)
        while start != -1:
            if not any(marks[start : start + len(term)]):
                for position in range(start, start + len(term)):
                    marks[position] = True
            start = folded.find(term, start + len(term))
    first = marks.index(True) if True in marks else 0
    begin = max(0, min(first - length // 4, len(text) - length))
    end = min(len(text), begin + length)
    pieces, position = [], begin
    while position < end:
        marked = marks[position]
        stop = position
        while stop < end and marks[stop] == marked:
            stop += 1
        chunk = escape(text[position:stop])
        pieces.append(f"<mark>{chunk}</mark>" if marked else chunk)
        position = stop
    return mark_safe(("…" if begin > 0 else "") + "".join(pieces) + ("…" if end < len(text) else ""))  # noqa: S308


def highlight_terms(terms: dict[str, float]) -> list[str]:
    """The words worth marking: every term of two characters or more, and the reader's own single Han characters."""
    return [term for term, weight in terms.items() if len(term) >= 2 or (weight >= 1 and not term.isascii())]


@dataclass
class SearchResult:
    """One ranked page: what the search page, the API and the answer desk show of it."""

    document: Document
    score: float
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.document.url

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.document.kind, "")

    @property
    def column(self) -> str:
        return self.document.column

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.document.column, "")

    def as_json(self) -> dict:
        return {"url": self.url, "title": self.title, "kind": self.kind, "column": self.column,
                "snippet": str(self.snippet), "score": round(self.score, 4)}


def search(*, query: str, column: str = "", limit: int = RESULT_LIMIT) -> list[SearchResult]:
    """The live public pages that answer `query`, best first, at most `limit`.

    Raises SearchQueryError for a question that cannot be searched (see clean_query).

    >>> [result.title for result in search(query="網貸逾期會影響徵信嗎")][:1]  # doctest: +SKIP
    ['逾期记录保存多久？看懂“5 年”规则']
    """
    analysed = analyse_query(clean_query(query))
    index = current_index()
    with index.lock:
        return _results(index, analysed, column=column, limit=limit)


def _results(index, analysed: Query, *, column: str, limit: int) -> list[SearchResult]:
    terms = effective_terms(index, analysed)
    marked = highlight_terms(terms)
    results = []
    for hit in rank_documents(index, analysed, column=column, limit=limit):
        passages = best_passages(index, hit.document, terms)
        text = passages[0][1].text if passages else (hit.document.summary or hit.document.title)
        results.append(SearchResult(hit.document, hit.score, highlight(text, marked)))
    return results
