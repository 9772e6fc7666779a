"""The answer desk's answers: the passage of our own live public pages that answers a question, with its sources.

Extractive by design: the answer is a passage as editors wrote it (and, when the page's next
passage under the same heading continues it, that one too), never a sentence of our own. The
confidence says how much of the question the passage covers: the IDF-weighted share of the
reader's own words it holds (words the index has never seen count against it). Below
LOW_CONFIDENCE the desk does not answer; below CONFIDENT it answers and offers a person. A
fraud in progress, a question about the reader's own account, or a complaint always gets the
hand-off (hand-off details are filled in by the view, which knows the site's hotline).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..desk.masking import SCRUBBED, scrub_personal
from .analysis import analyse_query
from .engine import clean_query
from .index import current_index
from .intents import (
    COMPLAINT,
    FRAUD_IN_PROGRESS,
    PERSONAL_ACCOUNT,
    question_intent,
    wanted_answer_words,
)
from .passages import DATA
from .ranking import best_passages, effective_terms, idf, rank_documents

CONFIDENT = 0.55
LOW_CONFIDENCE = 0.3
CANDIDATE_PAGES = 5
MAX_ANSWER = 320
SHORT_PASSAGE = 60
# A table or figure flattened to text reads badly as an answer: it wins only when prose cannot.
DATA_PASSAGE_WEIGHT = 0.6
# A passage of the kind the question asks for (怎么办 → 受骗后怎么办) is preferred by this much.
ANSWER_TYPE_BONUS = 0.15

NO_ANSWER = "抱歉，我们的文章里暂时没有找到能回答这个问题的内容。你可以换个说法再问，或联系消保专线的工作人员。"
INTENT_ANSWERS = {
    FRAUD_IN_PROGRESS: "你可能正在遭遇诈骗：请立即停止转账，挂断对方电话，不要提供验证码、不要共享屏幕，马上拨打 110 报警或 96110 咨询。",
    PERSONAL_ACCOUNT: "这个问题涉及你本人的账户或业务记录，问答助手看不到也不会查询个人信息，需要由消保专线的工作人员核实后答复。",
    COMPLAINT: "你要反映的情况需要由消保专线的工作人员受理：请留下诉求，我们会在规定期限内答复。",
}


@dataclass
class Source:
    url: str
    title: str

    def as_json(self) -> dict:
        return {"url": self.url, "title": self.title}


@dataclass
class Answer:
    """What the desk says: the answer text, its sources, a confidence 0–1 and why a person is offered."""

    question: str
    text: str
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.0
    intent: str = ""
    handoff_reason: str = ""
    page_id: int | None = None
    passages: list[str] = field(default_factory=list)
    phrased_by_model: bool = False

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT

    @property
    def answered(self) -> bool:
        return bool(self.sources) and self.confidence >= LOW_CONFIDENCE


def _own_weight(index, query) -> float:
    """The weight of the reader's own words: known ones by IDF, unknown ones at the highest IDF
    (unless synonyms stand for them: 征信花了 is answered by pages on 查询记录)."""
    ceiling = math.log(1 + (len(index.documents) + 0.5) / 0.5)
    total = 0.0
    for term, weight in query.terms.items():
        if weight >= 1:
            if term in index.postings:
                total += idf(index, term)
            elif term in query.expanded:
                continue
            elif len(term) == 2 and all(char in index.postings for char in term):
                # A two-character word the index lacks but whose characters it knows (能点, 五高) is likely a
                # segmentation of ours, not a topic we lack: it weighs what its characters weigh.
                total += sum(idf(index, char) for char in term) / len(term)
            else:
                total += ceiling
    return total


def _extract(index, query) -> tuple[float, list, object]:
    terms = effective_terms(index, query)
    wanted = wanted_answer_words(query.text)
    hits = rank_documents(index, query, limit=CANDIDATE_PAGES)
    if not hits:
        return 0.0, [], None
    own = {term: weight for term, weight in terms.items() if weight >= 1}
    yardstick = _own_weight(index, query) or 1.0
    top = hits[0].score
    best = None
    for rank, hit in enumerate(hits):
        for score, passage in best_passages(index, hit.document, terms, count=2):
            coverage = min(1.0, score / yardstick)
            # The page's own rank counts as much: a passage of the best page beats a slightly better one further down.
            readable = DATA_PASSAGE_WEIGHT if passage.kind == DATA else 1.0
            fits = ANSWER_TYPE_BONUS if any(word in passage.heading or word in passage.text for word in wanted) else 0.0
            combined = 0.5 * coverage * readable + 0.5 * (hit.score / top) - 0.05 * rank + fits
            if best is None or combined > best[0]:
                best = (combined, hit, passage, coverage)
    if best is None:
        return 0.0, hits, None
    _combined, hit, passage, coverage = best
    title_cover = sum(idf(index, term) for term in own if term in hit.document.title_terms) / yardstick
    confidence = min(1.0, 0.7 * coverage + 0.3 * min(1.0, title_cover))
    return confidence, hits, (hit, passage)


def _text_from(document, passage, terms) -> str:
    text = passage.text
    if len(text) < SHORT_PASSAGE:
        # A short passage goes on into the next one when that one, under the same heading, is about the question too.
        position = document.passages.index(passage)
        following = document.passages[position + 1 : position + 2]
        if (following and following[0].heading == passage.heading and following[0].kind != DATA
                and any(term in following[0].terms for term in terms)):
            text = f"{text}{following[0].text}"
    if passage.heading and passage.heading not in text[: len(passage.heading) + 2]:
        text = f"{passage.heading}：{text}"
    return text if len(text) <= MAX_ANSWER else text[: MAX_ANSWER - 1] + "…"


def answer_question(*, question: str) -> Answer:
    """The desk's answer to `question` from the live public pages. Raises SearchQueryError for unusable input.

    >>> answer_question(question="借一万只到手八千合法吗").sources[0].title  # doctest: +SKIP
    '警惕“砍头息”：借 1 万到手 8 千'
    """
    question = clean_query(question)
    intent = question_intent(question)
    # Phone, ID and card numbers and names say nothing our pages could match, and only dilute the confidence.
    query = analyse_query(scrub_personal(question).replace(SCRUBBED, " "))
    index = current_index()
    with index.lock:
        confidence, hits, found = _extract(index, query)
        if found is not None:
            hit, passage = found
            own = [term for term, weight in query.terms.items() if weight >= 1]
            text, passages = _text_from(hit.document, passage, own), [passage.text]
            others = [other.document for other in hits if other.document.page_id != hit.document.page_id]
            sources = [Source(hit.document.url, hit.document.title)] + [
                Source(document.url, document.title) for document in others[:2]
            ]
            page_id = hit.document.page_id
    if found is None or confidence < LOW_CONFIDENCE:
        answer = Answer(question, NO_ANSWER, confidence=round(confidence, 3), intent=intent)
    else:
        answer = Answer(question, text, sources, round(confidence, 3), intent, page_id=page_id, passages=passages)
    if intent in (PERSONAL_ACCOUNT, COMPLAINT):
        # Our pages cannot answer for one reader's account or complaint: say so, keep any general reading as sources.
        answer.text = INTENT_ANSWERS[intent]
        answer.page_id = None
        answer.passages = []
    if intent == FRAUD_IN_PROGRESS and not answer.sources:
        answer.text = INTENT_ANSWERS[FRAUD_IN_PROGRESS]
    if intent:
        answer.handoff_reason = intent
    elif answer.confidence < CONFIDENT:
        answer.handoff_reason = "low_confidence" if answer.sources else "no_answer"
    return answer
