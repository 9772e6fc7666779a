"""The in-process inverted index, rebuilt from the SearchDocument table and kept in step by generation.

Every worker holds its own copy: postings (term → {page id: weighted term frequency}) with
the title counted three times and the summary twice, the documents' lengths for BM25, and
each document's passages for snippets and answers. Before answering, `current_index()` asks
the database for the last generation (one small query); rows that changed since are read
and applied, so a publish in one worker is searchable in every other on its next query.
Keeping our own index, rather than each database's full-text search, is what makes SQLite
and PostgreSQL rank the same.

For speed on large sites, each document also has a slot (a row number) and each term's
postings are turned, when first needed, into NumPy arrays of slots and frequencies, which
ranking scores all at once; a document's change drops the arrays of its terms only.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .analysis import ANALYZER_VERSION

logger = logging.getLogger(__name__)

FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
_FIELDS = ("page_id", "generation", "visible", "analyzer_version", "url", "title", "kind", "column",
           "summary", "published_at", "terms", "passages")
COLUMN_CODES = {"": 0, "credit": 1, "loans": 2, "aml": 3, "antifraud": 4}
_NEAR_MIN, _NEAR_MAX = 3, 12


@dataclass
class Passage:
    heading: str
    text: str
    term_text: str
    kind: str = "text"
    _terms: Counter | None = field(default=None, repr=False)

    @property
    def terms(self) -> Counter:
        """The passage's terms with their counts (counted on first use: most passages are never read)."""
        if self._terms is None:
            self._terms = Counter(self.term_text.split())
        return self._terms


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
    slot: int = -1
    term_list: list = field(default_factory=list, repr=False)


class SearchIndex:
    """Postings, lengths and passages of the searchable documents, and the generation they reflect."""

    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    # ----- keeping up with the table -----
    def reset(self) -> None:
        self.epoch, self.generation = "", -1
        self.documents: dict[int, Document] = {}
        self.postings: dict[str, dict[int, float]] = {}
        self.total_length = 0.0
        self.stale_rows = 0
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._deletes: dict[str, set[str]] = {}
        self._free_slots: list[int] = []
        self.slot_pages = np.full(64, -1, dtype=np.int64)
        self.lengths = np.ones(64, dtype=np.float64)
        self.columns = np.zeros(64, dtype=np.int8)
        self.dates = np.zeros(64, dtype=np.float64)

    def _slot(self) -> int:
        if self._free_slots:
            return self._free_slots.pop()
        used = len(self.documents)
        if used >= len(self.slot_pages):
            size = len(self.slot_pages) * 2
            self.slot_pages = np.concatenate([self.slot_pages, np.full(size - len(self.slot_pages), -1, dtype=np.int64)])
            self.lengths = np.concatenate([self.lengths, np.ones(size - len(self.lengths))])
            self.columns = np.concatenate([self.columns, np.zeros(size - len(self.columns), dtype=np.int8)])
            self.dates = np.concatenate([self.dates, np.zeros(size - len(self.dates))])
        return used

    def _remove(self, page_id: int) -> None:
        document = self.documents.pop(page_id, None)
        if document is None:
            return
        self.total_length -= document.length
        self.slot_pages[document.slot] = -1
        self.lengths[document.slot] = 1.0
        self._free_slots.append(document.slot)
        for term in document.term_list:
            self._arrays.pop(term, None)
            postings = self.postings.get(term)
            if postings is not None:
                postings.pop(page_id, None)
                if not postings:
                    del self.postings[term]
                    self._forget_term(term)

    def _add(self, row: dict) -> None:
        weighted: Counter = Counter()
        for field_name, weight in FIELD_WEIGHTS.items():
            for term in (row["terms"].get(field_name) or "").split():
                weighted[term] += weight
        passages = [Passage(*passage[:4]) for passage in row["passages"]]
        document = Document(
            page_id=row["page_id"], url=row["url"], title=row["title"], kind=row["kind"], column=row["column"],
            summary=row["summary"], published_at=row["published_at"],
            title_terms=frozenset((row["terms"].get("title") or "").split()), passages=passages,
            length=float(sum(weighted.values())) or 1.0, term_list=list(weighted),
        )
        document.slot = self._slot()
        self.slot_pages[document.slot] = document.page_id
        self.lengths[document.slot] = document.length
        self.columns[document.slot] = COLUMN_CODES.get(document.column, 0)
        self.dates[document.slot] = document.published_at.timestamp() if document.published_at else 0.0
        for term, frequency in weighted.items():
            postings = self.postings.get(term)
            if postings is None:
                postings = self.postings[term] = {}
                self._learn_term(term)
            postings[document.page_id] = frequency
            self._arrays.pop(term, None)
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

    def term_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The slots of the documents holding `term` and the term's weighted frequency in each."""
        arrays = self._arrays.get(term)
        if arrays is None:
            postings = self.postings.get(term, {})
            documents = self.documents
            slots = np.fromiter((documents[page_id].slot for page_id in postings), dtype=np.int64, count=len(postings))
            frequencies = np.fromiter(postings.values(), dtype=np.float64, count=len(postings))
            arrays = self._arrays[term] = (slots, frequencies)
        return arrays

    def _learn_term(self, term: str) -> None:
        if _NEAR_MIN <= len(term) <= _NEAR_MAX:
            for variant in _deletions(term):
                self._deletes.setdefault(variant, set()).add(term)

    def _forget_term(self, term: str) -> None:
        if _NEAR_MIN <= len(term) <= _NEAR_MAX:
            for variant in _deletions(term):
                known = self._deletes.get(variant)
                if known is not None:
                    known.discard(term)
                    if not known:
                        del self._deletes[variant]

    def near_terms(self, term: str) -> list[str]:
        """Known terms one substitution, insertion or deletion away from `term` (cheap typo tolerance)."""
        found: dict[str, None] = {}
        for variant in _deletions(term):
            for known in self._deletes.get(variant, ()):
                if known != term and abs(len(known) - len(term)) <= 1:
                    found[known] = None
        return sorted(known for known in found if known in self.postings)


def _deletions(term: str) -> set[str]:
    """`term` and `term` less each one of its characters (variants of two characters or more)."""
    return {term, *(variant for i in range(len(term)) if len(variant := term[:i] + term[i + 1 :]) >= 2)}


_INDEX = SearchIndex()


def current_index() -> SearchIndex:
    """The process's index, brought up to the database's last generation; hold `index.lock` while reading it."""
    with _INDEX.lock:
        _INDEX.refresh()
    return _INDEX
