"""这篇有帮助吗: per page and day, two counters and the optional comments (scrubbed of numbers).

Nothing identifies the reader: no cookie, address or account is kept with a vote.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageFeedback(models.Model):

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    helpful = models.PositiveIntegerField(default=0)
    not_helpful = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="desk_feedback_page_day")]
        verbose_name = _("页面反馈")

    def __str__(self):
        return f"{self.page_id} {self.day}: +{self.helpful} -{self.not_helpful}"


class FeedbackComment(models.Model):

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("反馈留言")

    def __str__(self):
        return self.text[:30]
