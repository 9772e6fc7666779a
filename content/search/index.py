"""The in-process inverted index, rebuilt from the SearchDocument table and kept in step by generation.

Every worker holds its own copy: postings (term → {page id: weighted term frequency}) with
the title counted three times and the summary twice, the documents' lengths for BM25, and
each document's passages for snippets and answers. Before answering, `current_index()` asks
the database for the last generation (one small query); rows that changed since are read
and applied, so a publish in one worker is searchable in every other on its next query.
Keeping our own index, rather than each database's full-text search, is what makes SQLite
and PostgreSQL rank the same.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass

from .analysis import ANALYZER_VERSION

logger = logging.getLogger(__name__)

FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
_FIELDS = ("page_id", "generation", "visible", "analyzer_version", "url", "title", "kind", "column",
           "summary", "published_at", "terms", "passages")


@dataclass
class Passage:
    heading: str
    text: str
    terms: Counter


@dataclass
class Document:
    page_id: int
    url: str
    title: str
    kind: str
    column: str
    summary: str
    published_at: object
    title_terms: frozenset
    passages: list
    length: float


class SearchIndex:
    """Postings, lengths and passages of the searchable documents, and the generation they reflect."""

    def __init__(self):
        self.epoch = ""
        self.generation = -1
        self.documents: dict[int, Document] = {}
        self.postings: dict[str, dict[int, float]] = {}
        self.total_length = 0.0
        self.lock = threading.RLock()
        self._vocabulary_version = 0
        self._deletes: tuple[int, dict] | None = None
        self.stale_rows = 0

    # ----- keeping up with the table -----
    def reset(self) -> None:
        self.epoch, self.generation = "", -1
        self.documents.clear()
        self.postings.clear()
        self.total_length = 0.0
        self._deletes = None
        self._vocabulary_version += 1
        self.stale_rows = 0

    def _remove(self, page_id: int) -> None:
        document = self.documents.pop(page_id, None)
        if document is None:
            return
        self.total_length -= document.length
        for term in document.term_list:
            postings = self.postings.get(term)
            if postings is not None:
                postings.pop(page_id, None)
                if not postings:
                    del self.postings[term]

    def _add(self, row: dict) -> None:
        weighted: Counter = Counter()
        for field, weight in FIELD_WEIGHTS.items():
            for term in (row["terms"].get(field) or "").split():
                weighted[term] += weight
        passages = [Passage(heading, text, Counter(terms.split())) for heading, text, terms in row["passages"]]
        document = Document(
            page_id=row["page_id"], url=row["url"], title=row["title"], kind=row["kind"], column=row["column"],
            summary=row["summary"], published_at=row["published_at"],
            title_terms=frozenset((row["terms"].get("title") or "").split()), passages=passages,
            length=float(sum(weighted.values())) or 1.0,
        )
        document.term_list = list(weighted)
        for term, frequency in weighted.items():
            self.postings.setdefault(term, {})[document.page_id] = frequency
        self.documents[document.page_id] = document
        self.total_length += document.length
        if row["analyzer_version"] != ANALYZER_VERSION:
            self.stale_rows += 1

    def apply(self, rows) -> None:
        for row in rows:
            self._remove(row["page_id"])
            if row["visible"]:
                self._add(row)
            self.generation = max(self.generation, row["generation"])
        self._vocabulary_version += 1

    def refresh(self) -> None:
        """Read what changed in the table since this index's generation (everything on a new epoch)."""
        from ..models import SearchDocument, SearchIndexState

        state = SearchIndexState.objects.filter(pk=1).values_list("epoch", "generation").first()
        if state is None:
            if self.generation != -1 or self.epoch:
                self.reset()
            return
        epoch, generation = state
        if epoch != self.epoch or generation < self.generation:
            self.reset()
            self.epoch = epoch
            self.apply(SearchDocument.objects.filter(visible=True).values(*_FIELDS).iterator(chunk_size=500))
            self.generation = generation
            if self.stale_rows:
                logger.warning("%d search rows were analysed by an older analyser: run manage.py search_reindex", self.stale_rows)
            return
        if generation > self.generation:
            self.apply(SearchDocument.objects.filter(generation__gt=self.generation).order_by("generation").values(*_FIELDS))
            self.generation = generation

    # ----- what ranking reads -----
    @property
    def average_length(self) -> float:
        return self.total_length / len(self.documents) if self.documents else 1.0

    def near_terms(self, term: str) -> list[str]:
        """Known terms one substitution, insertion or deletion away from `term` (cheap typo tolerance)."""
        if self._deletes is None or self._deletes[0] != self._vocabulary_version:
            deletes: dict[str, list[str]] = {}
            for known in self.postings:
                if 3 <= len(known) <= 12:
                    for variant in _deletions(known):
                        deletes.setdefault(variant, []).append(known)
            self._deletes = (self._vocabulary_version, deletes)
        deletes = self._deletes[1]
        found: dict[str, None] = {}
        for variant in _deletions(term):
            for known in deletes.get(variant, ()):
                if known != term and abs(len(known) - len(term)) <= 1:
                    found[known] = None
        if term in deletes:
            for known in deletes[term]:
                found[known] = None
        return [known for known in found if known in self.postings]


def _deletions(term: str) -> set[str]:
    """`term` and `term` less each one of its characters (variants of two characters or more)."""
    return {term, *(variant for i in range(len(term)) if len(variant := term[:i] + term[i + 1 :]) >= 2)}


_INDEX = SearchIndex()


def current_index() -> SearchIndex:
    """The process's index, brought up to the database's last generation; hold `index.lock` while reading it."""
    with _INDEX.lock:
        _INDEX.refresh()
    return _INDEX
