"""这篇有帮助吗: count a reader's vote on a page for the day, and keep their comment scrubbed of numbers."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import F

from . import deadlines
from .masking import scrub
from .models import FeedbackComment, PageFeedback

logger = logging.getLogger(__name__)

MAX_COMMENT = 300


def feedback_record(*, page, helpful: bool, comment: str = "") -> None:
    """Add one vote to `page`'s counter of today (Asia/Shanghai) and store the comment, if any, scrubbed."""
    day = deadlines.shanghai_date()
    column = "helpful" if helpful else "not_helpful"
    with transaction.atomic():
        updated = PageFeedback.objects.filter(page=page, day=day).update(**{column: F(column) + 1})
        if not updated:
            try:
                with transaction.atomic():
                    PageFeedback.objects.create(page=page, day=day, **{column: 1})
            except IntegrityError:
                PageFeedback.objects.filter(page=page, day=day).update(**{column: F(column) + 1})
        comment = scrub(comment.strip())[:MAX_COMMENT]
        if comment:
            FeedbackComment.objects.create(page=page, helpful=helpful, text=comment)
