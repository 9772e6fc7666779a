"""What readers ask the answer desk, counted for editors (读者在问) with nothing personal kept.

A question is stored only after the desk's masking has removed phone, ID and card numbers
and names (content/desk/masking.py: `scrub_personal`), together with how it was answered:
answered, answered with low confidence, not answered, or handed to a person; and which page
answered. The selectors group questions by their folded form so 網貸逾期 and 网贷逾期 count
as one.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Count, Max, Q
from django.utils import timezone

from ..desk.deadlines import SHANGHAI
from ..desk.masking import scrub_personal
from .analysis import fold
from .answer import CONFIDENT, Answer

_PUNCTUATION = re.compile(r"[\s\W_]+")
RECENT_DAYS = 7


def _normalized(question: str) -> str:
    return _PUNCTUATION.sub("", fold(question))[:200]


def _outcome(answer: Answer) -> str:
    from ..models import AskedQuestion

    if answer.handoff_reason in ("fraud_in_progress", "personal_account", "complaint"):
        return AskedQuestion.OUTCOME_HANDOFF
    if not answer.answered:
        return AskedQuestion.OUTCOME_NONE
    if answer.confidence < CONFIDENT:
        return AskedQuestion.OUTCOME_LOW
    return AskedQuestion.OUTCOME_ANSWERED


def question_record(*, answer: Answer) -> None:
    """Count one question with its outcome; the question is scrubbed of personal data before it is saved."""
    from ..models import AskedQuestion

    question = scrub_personal(answer.question)[:200]
    AskedQuestion.objects.create(
        question=question,
        normalized=_normalized(question),
        outcome=_outcome(answer),
        confidence=answer.confidence,
        page_id=answer.page_id,
        page_title=answer.sources[0].title[:255] if answer.page_id and answer.sources else "",
        intent=answer.handoff_reason[:30],
    )


def _window(since: datetime.datetime | None, until: datetime.datetime | None):
    from ..models import AskedQuestion

    until = until or timezone.now()
    since = since or until - datetime.timedelta(days=RECENT_DAYS)
    return AskedQuestion.objects.filter(asked_at__gte=since, asked_at__lt=until)


def questions_most_asked(*, since=None, until=None, limit: int = 20) -> list[dict]:
    """The most asked questions in the window (the last 7 days by default), each with its count,
    how often it went unanswered and the page that answered it last."""
    rows = (
        _window(since, until).values("normalized")
        .annotate(
            count=Count("id"), last=Max("id"),
            unanswered=Count("id", filter=Q(outcome__in=["low", "none"])),
        )
        .order_by("-count", "-last")[:limit]
    )
    return _with_examples(rows)


def questions_unanswered(*, since=None, until=None, limit: int = 20) -> list[dict]:
    """Questions answered with low confidence or not at all in the window: the pages editors should write next."""
    rows = (
        _window(since, until).filter(outcome__in=["low", "none"]).values("normalized")
        .annotate(count=Count("id"), last=Max("id"), unanswered=Count("id"))
        .order_by("-count", "-last")[:limit]
    )
    return _with_examples(rows)


def _with_examples(rows) -> list[dict]:
    from ..models import AskedQuestion

    rows = list(rows)
    latest = {row.pk: row for row in AskedQuestion.objects.filter(pk__in=[row["last"] for row in rows])}
    result = []
    for row in rows:
        example = latest.get(row["last"])
        result.append({
            "question": example.question if example else row["normalized"],
            "count": row["count"],
            "unanswered": row["unanswered"],
            "outcome": example.get_outcome_display() if example else "",
            "page_id": example.page_id if example else None,
            "page_title": example.page_title if example else "",
        })
    return result


def unanswered_for_month(first_day: datetime.date, last_day: datetime.date) -> list[tuple[str, int]]:
    """[(question, count)] of the month's unanswered questions, for the desk's 消保分析 (`desk_unanswered_questions`)."""
    since = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=SHANGHAI)
    until = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=SHANGHAI)
    return [(row["question"], row["count"]) for row in questions_unanswered(since=since, until=until, limit=15)]
