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


SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 50
# How many backend matches are checked for the exact phrase; more than a reader ever pages through.
CANDIDATE_LIMIT = 300
_HAN_RUN = re.compile(rf"[{_HAN}]+")


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message (in Chinese) is shown to the reader."""


def _normalise_query(query: str | None) -> str:
    query = " ".join((query or "").split())
    if not query:
        raise SearchQueryError("请输入要搜索的关键词，例如“刷单”或“征信修复”。")
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"关键词太长了，请控制在 {MAX_QUERY_LENGTH} 个字以内。")
    if not _RUN.search(query):
        raise SearchQueryError("关键词里需要有汉字、字母或数字。")
    return query


def _load_specific(pks: list[int]) -> dict:
    """The articles, case studies and bulletins among `pks`, with what `search_text()` reads, one query per type."""
    from django.db.models import Prefetch

    from wagtail.models import Page

    from .models import ArticlePage, BulletinAlert, BulletinPage, CaseStudyPage

    querysets = {
        ArticlePage: ArticlePage.objects.select_related("cover_image"),
        CaseStudyPage: CaseStudyPage.objects.select_related("cover_image", "fraud_type"),
        BulletinPage: BulletinPage.objects.select_related("cover_image").prefetch_related(
            Prefetch("alerts", queryset=BulletinAlert.objects.select_related("fraud_type"))
        ),
    }
    by_type: dict[type, list[int]] = {}
    for page in Page.objects.filter(pk__in=pks).only("pk", "content_type"):
        by_type.setdefault(page.specific_class, []).append(page.pk)
    loaded = {}
    for model, model_pks in by_type.items():
        # Home and column pages are navigation, not results.
        if model in querysets:
            loaded.update((page.pk, page) for page in querysets[model].filter(pk__in=model_pks))
    return loaded


def _contains_all(text: str, needles: list[str]) -> bool:
    return all(needle in text for needle in needles)


def search_pages(*, query: str, page_number=None):
    """Search the live public pages for `query` and return one page (a Django Paginator page) of results.

    The database search backend finds candidates whose bigram tokens all match
    (`query_tokens`); since bigrams can match apart (征信 … 修复), each candidate's
    `search_text()` must then contain every run of Han characters of the query as
    written. Pages whose title contains the query come first, then the backend's
    relevance order. `page_obj.object_list` holds specific pages (ArticlePage …).

    Raises SearchQueryError, with a message for the reader, for an empty query, one
    over 50 characters, or one without letters, digits or Han characters.

    >>> [page.title for page in search_pages(query="征信修复").object_list]  # doctest: +SKIP
    ['警惕“征信修复”骗局：逾期记录不能花钱删除']
    """
    from django.core.paginator import Paginator

    from wagtail.models import Page

    query = _normalise_query(query)
    han_runs = _HAN_RUN.findall(query)
    latin_words = [run.lower() for run in _RUN.findall(query) if not _IS_HAN.match(run)]
    candidates = Page.objects.live().public().search(query_tokens(query), operator="and")
    candidate_pks = [page.pk for page in candidates[:CANDIDATE_LIMIT]]
    loaded = _load_specific(candidate_pks)

    title_hits, other_hits = [], []
    for pk in candidate_pks:
        page = loaded.get(pk)
        if page is None:
            continue
        if not _contains_all(strip_tags(page.search_text()), han_runs):
            continue
        title = page.title.lower()
        if _contains_all(title, han_runs) and _contains_all(title, latin_words):
            title_hits.append(page)
        else:
            other_hits.append(page)
    return Paginator(title_hits + other_hits, SEARCH_PAGE_SIZE).get_page(page_number)


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
