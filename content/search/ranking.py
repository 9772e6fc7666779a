"""Ranking documents and passages for an analysed question with BM25 (Okapi, k1=1.2, b=0.75).

A document's term frequency is weighted by field (title ×3, summary ×2, body ×1, see
index.py), and a query term by where it came from (the reader's own word 1.0, a synonym
0.6, a near spelling 0.5). A word the index has never seen is looked up among known terms
one edit away (征信修服 → 征信修复). Ties go to the newer page, never the other way round:
the date does not rank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .analysis import Query
from .index import COLUMN_CODES, Document, Passage, SearchIndex

K1 = 1.2
B = 0.75
NEAR_WEIGHT = 0.5


@dataclass
class Hit:
    document: Document
    score: float


def idf(index: SearchIndex, term: str) -> float:
    frequency = len(index.postings.get(term, ()))
    count = len(index.documents)
    return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))


def effective_terms(index: SearchIndex, query: Query) -> dict[str, float]:
    """The query's terms the index knows, with near spellings standing in for unknown words."""
    terms: dict[str, float] = {}
    for term, weight in query.terms.items():
        if term in index.postings:
            terms[term] = max(terms.get(term, 0.0), weight)
        elif weight >= 1 and len(term) >= 3:
            for near in index.near_terms(term):
                terms.setdefault(near, NEAR_WEIGHT)
    for run in query.runs:
        if run not in index.postings:
            # A whole run one edit from a known term is what the reader meant to type.
            for near in index.near_terms(run):
                terms[near] = max(terms.get(near, 0.0), 1.0)
    return terms


def rank_documents(index: SearchIndex, query: Query, *, column: str = "", limit: int = 10) -> list[Hit]:
    """The best `limit` documents for `query` (within `column` when given), best first.

    Scored all at once with NumPy over the index's slots: for each term, the BM25 weight of
    every document holding it is added to that document's score.
    """
    terms = effective_terms(index, query)
    if not terms or not index.documents:
        return []
    size = len(index.slot_pages)
    scores = np.zeros(size)
    norms = K1 * (1 - B + B * index.lengths / index.average_length)
    for term, weight in terms.items():
        slots, frequencies = index.term_arrays(term)
        scores[slots] += idf(index, term) * weight * frequencies * (K1 + 1) / (frequencies + norms[slots])
    if column:
        scores[index.columns != COLUMN_CODES.get(column, -1)] = 0.0
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-scores[candidates], limit - 1)[:limit]]
    order = sorted(candidates.tolist(), key=lambda slot: (-scores[slot], -index.dates[slot], index.slot_pages[slot]))
    documents = index.documents
    return [Hit(documents[int(index.slot_pages[slot])], float(scores[slot])) for slot in order]


def passage_score(index: SearchIndex, passage: Passage, terms: dict[str, float]) -> float:
    """How well one passage answers: the weighted IDF of the query terms it holds, saturated by repetition."""
    score = 0.0
    for term, weight in terms.items():
        frequency = passage.terms.get(term)
        if frequency:
            score += idf(index, term) * weight * frequency * (K1 + 1) / (frequency + K1)
    return score


def query_weight(index: SearchIndex, terms: dict[str, float]) -> float:
    """The best score a passage could reach with every own term once: the yardstick for confidence."""
    return sum(idf(index, term) * weight for term, weight in terms.items() if weight >= 1)


def best_passages(index: SearchIndex, document: Document, terms: dict[str, float], count: int = 1) -> list[tuple[float, Passage]]:
    scored = [(passage_score(index, passage, terms), passage) for passage in document.passages]
    scored = [item for item in scored if item[0] > 0]
    scored.sort(key=lambda item: -item[0])
    return scored[:count]
