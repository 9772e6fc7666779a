"""What happens to a request: replies to the reader, internal notes, screenshots and the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField


class Reply(models.Model):
    """An answer the reader sees on their status page (encrypted: it may repeat their details)."""

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True

    request = models.ForeignKey("desk.DeskRequest", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField(_("答复"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("答复")

    def __str__(self):
        return f"答复 #{self.pk}"


class Note(models.Model):
    """An agent's internal note, never shown to the reader."""

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True

    request = models.ForeignKey("desk.DeskRequest", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField(_("内部备注"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("内部备注")

    def __str__(self):
        return f"备注 #{self.pk}"


class Attachment(models.Model):
    """A screenshot the reader sent: re-encoded without metadata, in private storage (never under /media/)."""

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True

    request = models.ForeignKey("desk.DeskRequest", on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("截图")

    def __str__(self):
        return f"截图 #{self.pk}"


class Event(models.Model):
    """One step in a request's history. `detail` never holds a personal value."""

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        RECEIVED = "received", _("受理")
        ASSIGNED = "assigned", _("分派")
        STATUS = "status", _("状态变更")
        CATEGORY = "category", _("分类变更")
        COMPLEX = "complex", _("标为复杂案件")
        REPLIED = "replied", _("答复读者")
        NOTE = "note", _("内部备注")
        REVEALED = "revealed", _("查看完整个人信息")
        EXPORTED = "exported", _("导出")
        DEADLINE = "deadline", _("期限提醒")
        ERASED = "erased", _("删除个人信息")
        LOOKED_UP = "looked_up", _("读者查询")

    request = models.ForeignKey("desk.DeskRequest", null=True, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("处理记录")

    def __str__(self):
        return f"{self.get_action_display()} #{self.pk}"
