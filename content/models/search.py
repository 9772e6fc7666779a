"""The search index's tables: one row per reader page, and the questions readers asked the answer desk.

`SearchDocument` holds what the in-process index (content/search/index.py) needs, already
analysed, so every worker rebuilds the same index from the table on SQLite and PostgreSQL
alike. A row is never deleted: a page readers may no longer see keeps its row with
`visible=False` and a new `generation`, which is how other workers learn to drop it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_epoch() -> str:
    import secrets

    return secrets.token_hex(16)


class SearchIndexState(models.Model):
    """One row: the last generation given out. Taking the next one locks the row until commit,
    so generations are committed in order and a worker that has seen N has seen all below N."""

    generation = models.BigIntegerField(default=0)
    # A fresh value whenever the row is created anew (a new database, a test's rollback):
    # an index that remembers another epoch starts over.
    epoch = models.CharField(max_length=32, default=_new_epoch)

    def __str__(self) -> str:
        return f"search index generation {self.generation}"


class SearchDocument(models.Model):
    """A reader page as the search and the answer desk see it: its text, passages and terms."""

    page_id = models.IntegerField(unique=True)
    generation = models.BigIntegerField(db_index=True)
    visible = models.BooleanField(default=False)
    analyzer_version = models.PositiveSmallIntegerField(default=0)
    url = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    column = models.CharField(max_length=20, blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # {"title": "...", "summary": "...", "body": "..."}: space-separated terms of each field.
    terms = models.JSONField(default=dict)
    # [[heading, text, "terms ...", kind], ...]: the paragraphs an answer may quote ("text" or "data").
    passages = models.JSONField(default=list)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")

    def __str__(self) -> str:
        return self.title or f"page {self.page_id}"


class AskedQuestion(models.Model):
    """One question asked at /ask/ (phone, ID and card numbers and names removed before saving)."""

    OUTCOME_ANSWERED = "answered"
    OUTCOME_LOW = "low"
    OUTCOME_NONE = "none"
    OUTCOME_HANDOFF = "handoff"
    OUTCOME_CHOICES = [
        (OUTCOME_ANSWERED, _("已回答")),
        (OUTCOME_LOW, _("把握不大")),
        (OUTCOME_NONE, _("未能回答")),
        (OUTCOME_HANDOFF, _("转人工")),
    ]

    question = models.CharField(_("问题"), max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    asked_at = models.DateTimeField(_("提问时间"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=OUTCOME_CHOICES)
    confidence = models.FloatField(_("把握"), default=0)
    page_id = models.IntegerField(null=True, blank=True)
    page_title = models.CharField(_("回答页面"), max_length=255, blank=True)
    intent = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("读者提问")
        verbose_name_plural = _("读者提问")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.question
