"""Chinese-aware search: text is indexed as overlapping character bigrams, like Lucene's CJK analyzer.

Wagtail's database backend splits text on spaces and punctuation, so a run of Chinese
such as 征信修复 would be one unsearchable token. Here every run of Han characters is
turned into its bigrams (征信 信修 修复), plus single characters for one-character
queries; Latin words and numbers stay words. A query is turned into tokens the same
way and every token must match, so 征信修复 finds text containing 征信修复 and 刷单
finds 刷单返利. Tokens are spelled in ASCII so that SQLite FTS5 and PostgreSQL's
`simple` text-search configuration tokenise them identically, whatever the locale.
"""

import re

from django.utils.html import strip_tags

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[0-9A-Za-z]+")
_IS_HAN = re.compile(rf"[{_HAN}]")


def _encode(chars: str) -> str:
    """Spell one or two Han characters as one ASCII token, e.g. 征信 -> 'h5f81h4fe1'."""
    return "".join(f"h{ord(ch):x}" for ch in chars)


def index_tokens(text: str) -> str:
    """Return the search-index form of `text`: bigrams and unigrams of Han runs, Latin words.

    >>> index_tokens("刷单")
    'h5237 h5355 h5237h5355'
    """
    tokens: list[str] = []
    for run in _RUN.findall(strip_tags(text or "")):
        if _IS_HAN.match(run):
            tokens.extend(_encode(ch) for ch in run)
            tokens.extend(_encode(run[i : i + 2]) for i in range(len(run) - 1))
        else:
            tokens.append(run.lower())
    return " ".join(tokens)


def query_tokens(query: str) -> str:
    """Return the tokens a query must all match: bigrams of Han runs (a lone character as itself).

    >>> query_tokens("征信修复")
    'h5f81h4fe1 h4fe1h4fee h4feeh590d'
    """
    tokens: list[str] = []
    for run in _RUN.findall(query or ""):
        if _IS_HAN.match(run):
            if len(run) == 1:
                tokens.append(_encode(run))
            else:
                tokens.extend(_encode(run[i : i + 2]) for i in range(len(run) - 1))
        else:
            tokens.append(run.lower())
    return " ".join(dict.fromkeys(tokens))


def admin_words(query: str) -> list[str]:
    """The words an editor's query means, for the admin: folded, segmented, question words dropped.

    A word of three or more Han characters stands for its two-character parts when jieba has
    them (征信修复 → 征信, 修复), so 《征信“修复”都是骗局》 is found although the title
    never has 征信修复 in one piece.

    >>> admin_words("征信修复")
    ['征信', '修复']
    """
    from .analysis import fold, search_words, stop_words

    words: list[str] = []
    for chunk in fold(query).split():
        for word in search_words(chunk, parts=True):
            if word not in stop_words() and word not in words:
                words.append(word)
    return words


def admin_query_tokens(query: str) -> str:
    """`admin_words(query)` as the index's ASCII tokens (one per word: a bigram, a unigram or a Latin word)."""
    tokens: list[str] = []
    for word in admin_words(query):
        if _IS_HAN.match(word):
            tokens.extend(_encode(word[i : i + 2]) for i in range(max(1, len(word) - 1)))
        else:
            tokens.extend(run.lower() for run in _RUN.findall(word))
    return " ".join(dict.fromkeys(tokens))
