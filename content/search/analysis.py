"""Turning text and questions into search terms: folding, jieba with our finance terms, stop words, synonyms.

One analyser for the index and the queries, so both agree: text is folded (full-width to
half-width, traditional to simplified with OpenCC, a few variant characters, lower case,
Chinese numerals before a unit to digits: 一万 → 1万), then segmented by a jieba tokenizer of
our own (so the desk's keyword analysis keeps the stock dictionary) loaded with
data/finance_terms.txt. The index keeps every word of jieba's search mode and every single
Han character, so 骗 finds 受骗; a query keeps its words less the question's stop words
(data/stopwords.txt) and adds the other members of a synonym group (data/synonyms.txt).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# Bump when the analysis changes: `search_reindex` then rebuilds the stored terms.
ANALYZER_VERSION = 2

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_HAN = re.compile(f"^[{_HAN}]+$")
_HAN_RUN = re.compile(f"[{_HAN}]+")
# A-not-A questions (高不高, 好不好, 行不行) ask, they name no topic.
_A_NOT_A = re.compile(f"([{_HAN}])不\\1")
_WORDISH = re.compile(f"[{_HAN}0-9a-z]")
# 帐 is folded to the 账 of 账户/转账, as readers in both scripts mean it.
_VARIANTS = str.maketrans({"帐": "账", "於": "于", "着": "着"})
_DIGITS = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
           "六": "6", "七": "7", "八": "8", "九": "9"}
_NUMERAL = re.compile(r"([零〇一二两三四五六七八九十]+)(?=[千万百亿元块年次个期天月])")

SYNONYM_WEIGHT = 0.6


def _data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _numeral(match: re.Match) -> str:
    text = match.group(1)
    if text == "十":
        return "10"
    if "十" in text:
        tens, _sep, units = text.partition("十")
        return str(int(_DIGITS.get(tens, "1")) * 10 + int(_DIGITS.get(units, "0") if units else 0))
    return "".join(_DIGITS.get(char, char) for char in text)


def fold(text: str) -> str:
    """Reader text in the one form the index uses: NFKC, simplified, lower case, digits for numerals.

    >>> fold("網貸逾期會影響徵信嗎？借一萬")
    '网贷逾期会影响征信吗?借1万'
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _converter().convert(text).translate(_VARIANTS).lower()
    return _NUMERAL.sub(_numeral, text)


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in _data_lines("finance_terms.txt"):
        word, *rest = line.split()
        tokenizer.add_word(fold(word), int(rest[0]) if rest else None)
    return tokenizer


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(fold(word) for line in _data_lines("stopwords.txt") for word in line.split())


@functools.lru_cache(maxsize=1)
def synonym_groups() -> list[tuple[str, ...]]:
    return [tuple(dict.fromkeys(fold(word) for word in line.split())) for line in _data_lines("synonyms.txt")]


def _words(folded: str) -> list[str]:
    return [word for word in _tokenizer().cut_for_search(folded) if _WORDISH.search(word)]


def search_words(folded: str, *, parts: bool = False) -> list[str]:
    """jieba's words of already folded text; with `parts`, a longer word gives way to its two-character parts.

    >>> search_words("征信修复", parts=True)
    ['征信', '修复']
    """
    if not parts:
        return _words(folded)
    words: list[str] = []
    for word in _tokenizer().lcut(folded):
        if not _WORDISH.search(word):
            continue
        pieces = [piece for piece in _tokenizer().lcut_for_search(word) if len(piece) == 2 and piece != word]
        covered = "".join(pieces)
        words.extend(pieces if len(word) > 2 and pieces and all(char in covered for char in word) else [word])
    return words


def index_terms(text: str) -> list[str]:
    """Every term the index keeps for `text`: jieba's search-mode words plus each Han character.

    >>> index_terms("受骗后")
    ['受骗', '受', '骗', '后']
    """
    terms: list[str] = []
    for word in _words(fold(text)):
        terms.append(word)
        if len(word) > 1 and _IS_HAN.match(word):
            terms.extend(word)
    return terms


@dataclass
class Query:
    """An analysed question: its own terms and the synonyms they bring, each with a weight."""

    text: str
    folded: str
    terms: dict[str, float] = field(default_factory=dict)
    # Own words that brought synonyms: when the index lacks one, its synonyms stand for it.
    expanded: set[str] = field(default_factory=set)
    # Runs of three to eight Han characters as typed, for near-spelling look-ups (征信修服).
    runs: list[str] = field(default_factory=list)

    @property
    def own_terms(self) -> list[str]:
        return [term for term, weight in self.terms.items() if weight >= 1]


def analyse_query(text: str) -> Query:
    """The weighted terms of a reader's question: its words (1.0) without stop words, synonyms (0.6).

    >>> analyse_query("網貸逾期會影響徵信嗎").own_terms
    ['网贷', '逾期', '影响', '征信']
    """
    folded = fold(text)
    stops = stop_words()
    terms: dict[str, float] = {}
    for word in _words(folded):
        if word not in stops and not _A_NOT_A.fullmatch(word):
            terms.setdefault(word, 1.0)
    if not terms:
        # A question made only of question words (怎么办?) still searches what it says.
        for word in _words(folded):
            terms.setdefault(word, 1.0)
    expanded: set[str] = set()
    for group in synonym_groups():
        present = [member for member in group if member in folded]
        if present:
            expanded.update(word for word in terms if any(word in member or member in word for member in present))
            for member in group:
                # A member jieba keeps whole is one term; a phrase (查询次数多) brings its words.
                for word in _tokenizer().lcut(member):
                    if word not in stops and _WORDISH.search(word):
                        terms.setdefault(word, SYNONYM_WEIGHT)
    runs = [run for run in _HAN_RUN.findall(folded) if 3 <= len(run) <= 8]
    return Query(text=text, folded=folded, terms=terms, expanded=expanded, runs=runs)


def warm_up() -> None:
    """Load the dictionaries now (about a second) rather than on the first reader's question."""
    _tokenizer()
    _converter()
    stop_words()
    synonym_groups()
